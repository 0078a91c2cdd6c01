using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Simulators.Cloudflare;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Simulators.Directus;
using WebsiteFactory.Simulators.Dns;
using WebsiteFactory.Simulators.Matomo;
using WebsiteFactory.Simulators.Namecheap;
using WebsiteFactory.Simulators.SearchConsole;
using WebsiteFactory.Simulators.Shared;
using WebsiteFactory.Simulators.Spaceship;

namespace WebsiteFactory.Simulators;

/// <summary>
/// Runs all vendor simulators in one Kestrel server on loopback: in-process for tests and benchmarks, standalone for
/// <c>wf-demo simulators</c>. Base URLs: <see cref="CloudflareBaseUrl"/>, <see cref="NamecheapUrl"/>,
/// <see cref="SpaceshipBaseUrl"/>, <see cref="MatomoUrl"/>, <see cref="DnsQueryUrl"/>, and the content side
/// (<see cref="ChatBaseUrl"/>, <see cref="DirectusBaseUrl"/>, <see cref="GoogleTokenUrl"/>, <see cref="SiteVerificationBaseUrl"/>,
/// <see cref="SearchConsoleBaseUrl"/>). Site Verification sees the TXT records public DNS would answer from the Cloudflare
/// simulator, so a verification succeeds only after the zone is delegated and the record exists.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, SimulatorState state, ContentSimulators content, Uri baseAddress)
    {
        _app = app;
        State = state;
        Content = content;
        BaseAddress = baseAddress;
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The HTTP endpoints the simulators serve (route pattern and method metadata), e.g. to hold a simulator's routes against
    /// the vendor's published API description.
    /// </summary>
    public IReadOnlyList<RouteEndpoint> Endpoints =>
        [.. ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()];

    /// <summary>Seeding and inspection.</summary>
    public SimulatorState State { get; }

    /// <summary>Chat completions, Directus and Google simulators (seeded credentials are constants of <see cref="ContentSimulators"/>).</summary>
    public ContentSimulators Content { get; }

    /// <summary>OpenAI-compatible API base URL (chat completions at <c>v1/chat/completions</c> under it).</summary>
    public Uri ChatBaseUrl => new(BaseAddress, "openai/");

    /// <summary>Directus base URL.</summary>
    public Uri DirectusBaseUrl => new(BaseAddress, "directus/");

    /// <summary>Google OAuth token endpoint.</summary>
    public Uri GoogleTokenUrl => new(BaseAddress, "google/token");

    /// <summary>Site Verification API v1 base URL.</summary>
    public Uri SiteVerificationBaseUrl => new(BaseAddress, "google/siteVerification/v1/");

    /// <summary>Search Console API v3 base URL.</summary>
    public Uri SearchConsoleBaseUrl => new(BaseAddress, "google/webmasters/v3/");

    /// <summary>Cloudflare API v4 base URL (ends with <c>/client/v4/</c>).</summary>
    public Uri CloudflareBaseUrl => new(BaseAddress, "cloudflare/client/v4/");

    /// <summary>Namecheap XML API endpoint.</summary>
    public Uri NamecheapUrl => new(BaseAddress, "namecheap/xml.response");

    /// <summary>Spaceship API base URL (ends with <c>/api/v1/</c>).</summary>
    public Uri SpaceshipBaseUrl => new(BaseAddress, "spaceship/api/v1/");

    /// <summary>Matomo <c>index.php</c>.</summary>
    public Uri MatomoUrl => new(BaseAddress, "matomo/index.php");

    /// <summary>DNS-over-HTTPS JSON endpoint.</summary>
    public Uri DnsQueryUrl => new(BaseAddress, "dns-query");

    /// <summary>
    /// Configuration that points the product's adapters at these simulators (every <c>Providers:*</c> and <c>Content:*</c>
    /// URL setting); credentials are seeded separately (<see cref="SeedDemo"/>, <see cref="ContentSimulators"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string?> ClientSettings => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Providers:Cloudflare:BaseUrl"] = CloudflareBaseUrl.ToString(),
        ["Providers:Namecheap:Endpoint"] = NamecheapUrl.ToString(),
        ["Providers:Spaceship:BaseUrl"] = SpaceshipBaseUrl.ToString(),
        ["Providers:Matomo:Url"] = MatomoUrl.ToString(),
        ["Providers:Dns:Endpoint"] = DnsQueryUrl.ToString(),
        ["Content:Generator:BaseUrl"] = ChatBaseUrl.ToString(),
        ["Content:Directus:BaseUrl"] = DirectusBaseUrl.ToString(),
        ["Content:SearchConsole:TokenUrl"] = GoogleTokenUrl.ToString(),
        ["Content:SearchConsole:SiteVerificationBaseUrl"] = SiteVerificationBaseUrl.ToString(),
        ["Content:SearchConsole:SearchConsoleBaseUrl"] = SearchConsoleBaseUrl.ToString(),
    };

    /// <summary>Starts the simulators on 127.0.0.1 (port 0 = a free port).</summary>
    /// <param name="options">Behaviour; defaults when null.</param>
    /// <param name="port">TCP port; 0 picks a free one.</param>
    /// <param name="clock">Clock shared with the client side (e.g. an <see cref="AcceleratedTimeProvider"/>); default from <see cref="SimulatorOptions.ClockSpeed"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, int port = 0, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        clock ??= options.ClockSpeed > 1 ? new AcceleratedTimeProvider(options.ClockSpeed) : TimeProvider.System;
        var state = new SimulatorState(options, clock);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        app.UseVendorErrorPages(
        [
            ("/cloudflare", CloudflareSimulator.AnswerWithoutBody),
            ("/namecheap", NamecheapSimulator.AnswerWithoutBody),
            ("/spaceship", SpaceshipSimulator.AnswerWithoutBody),
            ("/matomo", MatomoSimulator.AnswerWithoutBody),
            ("/openai", ChatCompletionsSimulator.AnswerWithoutBody),
            ("/directus", DirectusSimulator.AnswerWithoutBody),
            ("/google", SearchConsoleSimulator.AnswerWithoutBody),
        ]);
        state.Requests.UseRequestLog(app);
        var chaos = new Chaos(options, clock);
        CloudflareSimulator.Map(app, state.Cloudflare, chaos);
        NamecheapSimulator.Map(app, state.Namecheap, state.Delegations, options, clock, chaos);
        SpaceshipSimulator.Map(app, state.Spaceship, state.Delegations, options, clock, chaos);
        MatomoSimulator.Map(app, state.Matomo, options, clock, chaos);
        DnsSimulator.Map(app, state.Delegations, state.Cloudflare, options, clock);
        var content = ContentSimulators.Map(app, clock, name => DnsSimulator.ResolveTxt(state.Delegations, state.Cloudflare, options, clock, name), options.Chat, options.Google);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, state, content, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>
    /// Seeds a demo setup: Cloudflare tokens, two Namecheap users whitelisted for 127.0.0.1 (<c>simuser</c>,
    /// <c>simuser2</c>: each has its own 20 calls a minute), a Spaceship key.
    /// </summary>
    public void SeedDemo(int cloudflareAccounts = 3)
    {
        for (var i = 1; i <= cloudflareAccounts; i++)
        {
            State.Cloudflare.AddToken($"sim-cf-token-{i}", $"{i:x32}", $"Demo account {i}");
        }

        State.Namecheap.AddUser("simuser", "sim-namecheap-key", State.Options.Namecheap, "127.0.0.1");
        State.Namecheap.AddUser("simuser2", "sim-namecheap-key-2", State.Options.Namecheap, "127.0.0.1");
        State.Spaceship.AddKey("sim-spaceship-key", "sim-spaceship-secret");
    }

    /// <summary>Stops the server.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
