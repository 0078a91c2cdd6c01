using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Cloudflare;
using WebsiteFactory.Providers.CloudPanel;
using WebsiteFactory.Providers.Dns;
using WebsiteFactory.Providers.Matomo;
using WebsiteFactory.Providers.Preflight;
using WebsiteFactory.Providers.Registrars;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Providers.Shared.Metrics;

namespace WebsiteFactory.Providers;

/// <summary>Registers the provisioning adapters: Cloudflare, registrars, CloudPanel over SSH, Matomo, DNS resolver.</summary>
public static class VendorProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICloudflareClient"/>, <see cref="IRegistrarClient"/>, <see cref="ICloudPanelClient"/>,
    /// <see cref="IMatomoClient"/>, <see cref="IDnsResolver"/> and the <see cref="IServerConsole"/> with options bound from <c>Providers:*</c> sections and
    /// validated on start. Needs an <see cref="Core.Ports.ISecretStore"/>. Registers <see cref="TimeProvider.System"/> and
    /// an in-process <see cref="IRateBudget"/> only when none is registered (the data layer provides the durable one).
    /// </summary>
    public static IServiceCollection AddVendorProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRateBudget, InMemoryRateBudget>();
        services.AddVendorMetrics();

        services.AddOptions<CloudflareOptions>().Bind(configuration.GetSection(CloudflareOptions.SectionName))
            .Validate(o => o.RequestsPerWindow > 0 && o.Window > TimeSpan.Zero && o.PageSize is > 0 and <= 50, "Providers:Cloudflare needs a positive budget and a page size of 1-50.").ValidateOnStart();
        services.AddOptions<NamecheapOptions>().Bind(configuration.GetSection(NamecheapOptions.SectionName))
            .Validate(o => o.PerMinute > 0 && o.PerHour > 0, "Providers:Namecheap budgets must be positive.").ValidateOnStart();
        services.AddOptions<SpaceshipOptions>().Bind(configuration.GetSection(SpaceshipOptions.SectionName));
        services.AddOptions<MatomoOptions>().Bind(configuration.GetSection(MatomoOptions.SectionName))
            .Validate(o => o.Url is null || o.Url.IsAbsoluteUri, "Providers:Matomo:Url must be absolute.").ValidateOnStart();
        services.AddOptions<DohDnsResolverOptions>().Bind(configuration.GetSection(DohDnsResolverOptions.SectionName));
        services.AddOptions<CloudPanelOptions>().Bind(configuration.GetSection(CloudPanelOptions.SectionName))
            .Validate(o => o.Validate() is null, "Providers:CloudPanel options are invalid (see CloudPanelOptions.Validate).").ValidateOnStart();

        services.AddHttpClient<ICloudflareClient, CloudflareClient>((sp, http) =>
            {
                http.BaseAddress = WithSlash(sp.GetRequiredService<IOptions<CloudflareOptions>>().Value.BaseUrl);
                http.Timeout = Timeout.InfiniteTimeSpan; // Polly owns timeouts.
            })
            .AddVendorResilience(sp => sp.GetRequiredService<IOptions<CloudflareOptions>>().Value.Http);
        services.AddHttpClient<NamecheapRegistrar>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddVendorResilience(sp => sp.GetRequiredService<IOptions<NamecheapOptions>>().Value.Http);
        services.AddHttpClient<SpaceshipRegistrar>((sp, http) =>
            {
                http.BaseAddress = WithSlash(sp.GetRequiredService<IOptions<SpaceshipOptions>>().Value.BaseUrl);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddVendorResilience(sp => sp.GetRequiredService<IOptions<SpaceshipOptions>>().Value.Http);
        services.AddTransient<IRegistrarClient, RegistrarClient>();
        services.AddHttpClient<IMatomoClient, MatomoClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddVendorResilience(sp => sp.GetRequiredService<IOptions<MatomoOptions>>().Value.Http);
        services.AddHttpClient<IDnsResolver, DohDnsResolver>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddVendorResilience(sp => sp.GetRequiredService<IOptions<DohDnsResolverOptions>>().Value.Http);

        services.TryAddSingleton<SshConnector>();
        services.TryAddSingleton<CloudPanelClient>();
        services.TryAddSingleton<ICloudPanelClient>(sp => sp.GetRequiredService<CloudPanelClient>());
        services.AddOptions<ServerConsoleOptions>().Bind(configuration.GetSection(ServerConsoleOptions.SectionName))
            .Validate(o => o.Validate() is null, "Providers:ServerConsole options are invalid (see ServerConsoleOptions.Validate).").ValidateOnStart();
        services.TryAddSingleton<IServerConsole, ServerConsoleClient>();
        services.AddVendorPreflightChecks(configuration);
        return services;
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>
    /// Adds <see cref="VendorMetrics"/> (meter <c>WebsiteFactory.Vendors</c>) and the Cloudflare <see cref="IRateBudgetReader"/>
    /// behind <c>GET /api/metrics</c>; called by <see cref="AddVendorProviders"/> and by hosts that serve the API without
    /// the adapters.
    /// </summary>
    public static IServiceCollection AddVendorMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<CloudflareOptions>();
        services.TryAddSingleton<VendorMetrics>();
        services.TryAddSingleton<IRateBudgetReader, RateBudgetReader>();
        return services;
    }
}
