using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Endpoints;

namespace WebsiteFactory.Api;

/// <summary>Registers what the <c>/api</c> handlers need beyond the data layer, the same on both hosts.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the API's JSON conventions (<see cref="ApiJson"/>) to the HTTP JSON options, RFC 9457 problem details (completed by <see cref="Problems.ProblemTypes"/>), the
    /// API key store, the server-record policy (<see cref="ServersOptions"/>, section <c>Servers</c>), the scope policies (<see cref="AuthPolicies.AddScopePolicies"/>) and a system <see cref="TimeProvider"/>.
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
        return services.AddOptions<ApiOptions>()
            .Validate(o => o.IsValid(), "The API options need a task hub name and positive import limits.")
            .ValidateOnStart();
    }
}
