using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Simulators.Cloudflare;
using WebsiteFactory.Simulators.Dns;
using WebsiteFactory.Simulators.Matomo;
using WebsiteFactory.Simulators.Namecheap;
using WebsiteFactory.Simulators.Shared;
using WebsiteFactory.Simulators.Spaceship;

namespace WebsiteFactory.Simulators;

/// <summary>
/// Runs all vendor simulators in one Kestrel server on loopback: in-process for tests and benchmarks, standalone for
/// <c>wf simulators</c>. Base URLs: <see cref="CloudflareBaseUrl"/>, <see cref="NamecheapUrl"/>,
/// <see cref="SpaceshipBaseUrl"/>, <see cref="MatomoUrl"/>, <see cref="DnsQueryUrl"/>.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, SimulatorState state, Uri baseAddress)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Seeding and inspection.</summary>
    public SimulatorState State { get; }

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

        var chaos = new Chaos(options, clock);
        CloudflareSimulator.Map(app, state.Cloudflare, chaos);
        NamecheapSimulator.Map(app, state.Namecheap, state.Delegations, options, clock, chaos);
        SpaceshipSimulator.Map(app, state.Spaceship, state.Delegations, options, clock, chaos);
        MatomoSimulator.Map(app, state.Matomo, options, clock, chaos);
        DnsSimulator.Map(app, state.Delegations, state.Cloudflare, options, clock);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Seeds a demo setup: Cloudflare tokens, a Namecheap user whitelisted for 127.0.0.1, a Spaceship key.</summary>
    public void SeedDemo(int cloudflareAccounts = 3)
    {
        for (var i = 1; i <= cloudflareAccounts; i++)
        {
            State.Cloudflare.AddToken($"sim-cf-token-{i}", $"{i:x32}", $"Demo account {i}");
        }

        State.Namecheap.AddUser("simuser", "sim-namecheap-key", State.Options.Namecheap, "127.0.0.1");
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
