using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Providers.Directus;
using WebsiteFactory.Providers.Preflight;
using WebsiteFactory.Providers.SearchConsole;

namespace WebsiteFactory.Providers.Content;

/// <summary>
/// Registers the content-side adapters: chat completions, Directus, Astro builder, rsync deployer (or, in
/// <see cref="SiteBuildMode.Remote"/>, the server-side builder and the SSH.NET deployer), Search Console.
/// </summary>
public static class ContentProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IContentGenerator"/>, <see cref="IContentStore"/>, <see cref="ISiteBuilder"/>,
    /// <see cref="ISiteDeployer"/> and <see cref="ISearchConsole"/> with options bound from configuration and validated on
    /// start. Needs <see cref="Core.Ports.ISecretStore"/> (and <see cref="Core.Ports.Vendors.IRateBudget"/> for Search Console).
    /// With <c>Content:Build:Mode</c> = <c>Remote</c> (default <c>Local</c>) it also calls <see cref="AddServerSiteBuilds"/>.
    /// </summary>
    public static IServiceCollection AddContentProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentGeneratorOptions>().Bind(configuration.GetSection(ContentGeneratorOptions.SectionName)).Validate(o => o.Validate() is null, "Content:Generator options are invalid (see ContentGeneratorOptions.Validate).").ValidateOnStart();
        services.AddHttpClient<IContentGenerator, OpenAiContentGenerator>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<ContentGeneratorOptions>>().Value;
                http.BaseAddress = EnsureTrailingSlash(o.BaseUrl);
                // Polly owns timeouts; the HttpClient one would cut a slow model call short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
            {
                var o = sp.GetRequiredService<IOptions<ContentGeneratorOptions>>().Value;
                r.AttemptTimeout.Timeout = o.AttemptTimeout;
                r.TotalRequestTimeout.Timeout = o.AttemptTimeout * 3;
                r.CircuitBreaker.SamplingDuration = o.AttemptTimeout * 2;
                r.Retry.ShouldHandle = async args =>
                {
                    if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response)
                    {
                        // insufficient_quota is a 429 too, but waiting never fixes it.
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        return !ChatErrorClassifier.IsQuotaExhausted(body);
                    }

                    return HttpClientResiliencePredicates.IsTransient(args.Outcome);
                };
            });

        services.AddOptions<DirectusOptions>().Bind(configuration.GetSection(DirectusOptions.SectionName))
            .Validate(o => o.Validate() is null, "Content:Directus options are invalid (see DirectusOptions.Validate).").ValidateOnStart();
        services.AddHttpClient<IContentStore, DirectusContentStore>((sp, http) =>
            http.BaseAddress = EnsureTrailingSlash(sp.GetRequiredService<IOptions<DirectusOptions>>().Value.BaseUrl))
            .AddStandardResilienceHandler();

        services.AddOptions<AstroBuildOptions>().Bind(configuration.GetSection(AstroBuildOptions.SectionName));
        services.AddSingleton<ISiteBuilder, AstroSiteBuilder>();
        services.AddOptions<RsyncDeployOptions>().Bind(configuration.GetSection(RsyncDeployOptions.SectionName));
        services.AddSingleton<ISiteDeployer, RsyncSiteDeployer>();
        if (BuildMode(configuration, SiteBuildMode.Local) == SiteBuildMode.Remote)
        {
            services.AddServerSiteBuilds(configuration);
        }
        services.AddOptions<SearchConsoleOptions>().Bind(configuration.GetSection(SearchConsoleOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GoogleAccessTokenCache>();
        services.AddHttpClient<ISearchConsole, GoogleSearchConsoleClient>()
            .AddStandardResilienceHandler(r =>
                // Google asks for minutes (up to 15) after a quota 429: the durable retry owns that wait, not a blocked worker.
                r.Retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome)));
        services.AddContentPreflightChecks();

        return services;
    }

    /// <summary>
    /// Builds sites on their own server and deploys over SSH.NET only (<see cref="SiteBuildMode.Remote"/>): adds
    /// <see cref="IServerSiteBuilder"/> (<see cref="ServerSiteBuilder"/>, settings <c>Content:Build:Remote</c>, validated on
    /// start) and makes <see cref="ISiteDeployer"/> the <see cref="SftpSiteDeployer"/>, which needs no <c>rsync</c> or
    /// <c>ssh</c> binary. The workflows build on the server whenever an <see cref="IServerSiteBuilder"/> is registered.
    /// Call after <see cref="AddContentProviders"/>; calling it twice changes nothing.
    /// </summary>
    public static IServiceCollection AddServerSiteBuilds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerBuildOptions>().Bind(configuration.GetSection(ServerBuildOptions.SectionName))
            .Validate(o => o.Validate() is null, "Content:Build:Remote options are invalid (see ServerBuildOptions.Validate).").ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton<ISiteDeployer, SftpSiteDeployer>());
        services.TryAddSingleton<IServerSiteBuilder, ServerSiteBuilder>();
        return services;
    }

    /// <summary>
    /// The build mode in <c>Content:Build:Mode</c> (<c>Local</c> or <c>Remote</c>, any case), or <paramref name="hostDefault"/>
    /// when unset. Any other value stops the host on start.
    /// </summary>
    public static SiteBuildMode BuildMode(IConfiguration configuration, SiteBuildMode hostDefault)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["Content:Build:Mode"];
        return string.IsNullOrWhiteSpace(value) ? hostDefault
            : Enum.TryParse<SiteBuildMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsAsciiDigit(value.Trim()[0]) ? mode
            : throw new InvalidOperationException($"Content:Build:Mode '{value}' is not valid: use Local or Remote.");
    }

    internal static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
