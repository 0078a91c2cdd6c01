using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Cloudflare;
using WebsiteFactory.Providers.Registrars;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>Registers the vendor pre-flight checks (<see cref="IPreflightCheck"/>).</summary>
public static class PreflightServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PreflightOptions"/> (section <c>Preflight</c>) and registers the Cloudflare, registrar and server
    /// checks. Called by <c>AddVendorProviders</c>; the content checks (model, Directus, Google) are added by
    /// <see cref="AddContentPreflightChecks"/> from <c>AddContentProviders</c>. Check HTTP clients have no retry
    /// handler: pre-flight wants the first answer, under its own timeout.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddVendorPreflightChecks(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(CloudflareTokenCheck)))
        {
            return services;
        }

        services.AddOptions<PreflightOptions>().Bind(configuration.GetSection(PreflightOptions.SectionName))
            .Validate(o => o.Validate() is null, "Preflight options are invalid (see PreflightOptions.Validate).").ValidateOnStart();
        services.AddOptions<PreflightCloudflareOptions>().Bind(configuration.GetSection(PreflightCloudflareOptions.SectionName));
        services.AddHttpClient<CloudflareTokenCheck>(Cloudflare);
        services.AddHttpClient<CloudflareZoneQuotaCheck>(Cloudflare);
        services.AddHttpClient<NamecheapAccessCheck>();
        services.AddHttpClient<SpaceshipKeyCheck>((sp, http) => http.BaseAddress = WithSlash(sp.GetRequiredService<IOptions<SpaceshipOptions>>().Value.BaseUrl));
        services.AddHttpClient<MatomoTokenCheck>();
        services.TryAddSingleton<ServerSshCheck>();
        services.TryAddSingleton<ServerDiskCheck>();
        Add<CloudflareTokenCheck>(services);
        Add<CloudflareZoneQuotaCheck>(services);
        Add<NamecheapAccessCheck>(services);
        Add<SpaceshipKeyCheck>(services);
        Add<MatomoTokenCheck>(services);
        Add<ServerSshCheck>(services);
        Add<ServerDiskCheck>(services);
        return services;
    }

    /// <summary>Registers the model API, Directus and Google credential checks (needs <c>AddContentProviders</c>' options).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddContentPreflightChecks(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ModelApiKeyCheck)))
        {
            return services;
        }

        services.AddHttpClient<ModelApiKeyCheck>();
        services.AddHttpClient<DirectusTokenCheck>();
        services.TryAddTransient<GoogleCredentialsCheck>();
        Add<ModelApiKeyCheck>(services);
        Add<DirectusTokenCheck>(services);
        Add<GoogleCredentialsCheck>(services);
        return services;
    }

    private static void Cloudflare(IServiceProvider sp, HttpClient http) =>
        http.BaseAddress = WithSlash(sp.GetRequiredService<IOptions<CloudflareOptions>>().Value.BaseUrl);

    private static void Add<T>(IServiceCollection services)
        where T : class, IPreflightCheck =>
        services.AddTransient<IPreflightCheck>(sp => sp.GetRequiredService<T>());

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
