using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Api;

/// <summary>Registers what the <c>/api</c> handlers need beyond the data layer, the same on both hosts.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the API's JSON conventions (<see cref="ApiJson"/>) to the HTTP JSON options, RFC 9457 problem details (completed by <see cref="Problems.ProblemTypes"/>), the
    /// API key store, the server-record policy (<see cref="ServersOptions"/>, section <c>Servers</c>), the scope policies (<see cref="AuthPolicies.AddScopePolicies"/>), the nightly <see cref="Workflows.ServerConsole.CertificateExpiryCheck"/> and a system <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="services">The services (the host adds the data layer, a <c>DurableTaskClient</c> and an <see cref="OrchestratorCatalog"/>).</param>
    /// <returns>The <see cref="ApiOptions"/> builder, validated on start; the host binds or configures it.</returns>
    public static OptionsBuilder<ApiOptions> AddWebsiteFactoryApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyStore>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.ProblemTypes.Complete);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddAuthorizationBuilder().AddScopePolicies();
        services.AddOptions<ServersOptions>().BindConfiguration(ServersOptions.SectionName);
        AddPreflight(services);

        // The plan (POST /api/plan): resolvable where the host registered the vendor adapters and ProvisioningLookups; the
        // handler answers 501 elsewhere. ProvisionSettings (section Provisioning) is optional: defaults when absent. A factory,
        // so that a container validated on build does not refuse a host without vendor adapters.
        services.TryAddTransient(sp => new Workflows.Plan.SitePlanner(
            sp.GetRequiredService<Workflows.Provisioning.ProvisioningLookups>(),
            sp.GetRequiredService<Core.Ports.Vendors.ICloudflareClient>(),
            sp.GetRequiredService<Core.Ports.Vendors.IRegistrarClient>(),
            sp.GetRequiredService<Core.Ports.Vendors.ICloudPanelClient>(),
            sp.GetRequiredService<Core.Ports.Vendors.IMatomoClient>(),
            sp.GetRequiredService<ILogger<Workflows.Plan.SitePlanner>>(),
            sp.GetService<Workflows.Provisioning.ProvisionSettings>()));
        // The nightly certificate check (both hosts schedule it); idle where no server console is registered.
        services.TryAddTransient<Workflows.ServerConsole.CertificateExpiryCheck>();
        return services.AddOptions<ApiOptions>()
            .Validate(o => o.IsValid(), "The API options need a task hub name and positive import limits.")
            .ValidateOnStart();
    }

    /// <summary>
    /// The pre-flight runner over every registered <see cref="IPreflightCheck"/> (the vendor checks come with
    /// <c>AddVendorProviders</c>/<c>AddContentProviders</c>) plus the secret-age check. Options come from section
    /// <c>Preflight</c> (bound by <c>AddVendorProviders</c>; defaults otherwise).
    /// </summary>
    private static void AddPreflight(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PreflightRunner)))
        {
            return;
        }

        services.AddTransient<IPreflightCheck>(sp => new SecretAgeCheck(
            sp.GetRequiredService<ISecretStore>(),
            sp.GetRequiredService<ICloudflareAccountRepository>(),
            sp.GetRequiredService<IRegistrarAccountRepository>(),
            sp.GetRequiredService<IHostingServerRepository>(),
            sp.GetRequiredService<IGscAccountRepository>(),
            sp.GetRequiredService<IOptions<PreflightOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddTransient(sp => new PreflightRunner(
            sp.GetServices<IPreflightCheck>(),
            sp.GetRequiredService<IOptions<PreflightOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PreflightRunner>>()));
    }
}
