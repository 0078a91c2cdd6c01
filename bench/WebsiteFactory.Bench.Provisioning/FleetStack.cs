using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// The real stack on one accelerated clock: the vendor simulators, a loopback sshd with the <c>clpctl</c> stand-in, and the
/// server's own composition (<see cref="WebsiteFactoryServer"/>: embedded engine, PostgreSQL repositories and rate budgets
/// on a private local cluster, the real adapters, Astro builds, rsync deploys), driven through its HTTP API.
/// </summary>
internal sealed class FleetStack : IAsyncDisposable
{
    private FleetStack(BenchmarkConfig config, AcceleratedTimeProvider clock, SimulatorHost simulators, LoopbackSshServer ssh, ClpctlStandIn clpctl, WebApplication app, WfClient client, string dataDirectory)
    {
        Config = config;
        Clock = clock;
        Simulators = simulators;
        Ssh = ssh;
        Clpctl = clpctl;
        App = app;
        Client = client;
        DataDirectory = dataDirectory;
    }

    public BenchmarkConfig Config { get; }

    public AcceleratedTimeProvider Clock { get; }

    public SimulatorHost Simulators { get; }

    public LoopbackSshServer Ssh { get; }

    public ClpctlStandIn Clpctl { get; }

    public WebApplication App { get; }

    public WfClient Client { get; }

    public string DataDirectory { get; }

    public NpgsqlDataSource Database => App.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>
    /// Simulator behaviour: the vendors' defaults (propagation and activation delays, limits) on the shared clock, with
    /// 50–300 ms per HTTP call (the latency the earlier provisioning benchmark used).
    /// </summary>
    public static SimulatorOptions SimulatorOptions() => new()
    {
        Latency = new LatencyOptions { Minimum = TimeSpan.FromMilliseconds(50), Maximum = TimeSpan.FromMilliseconds(300) },
    };

    public static async Task<FleetStack> StartAsync(BenchmarkConfig config, CancellationToken ct)
    {
        var dataDirectory = Path.GetFullPath(config.DataDirectory ?? Path.Combine("/var/tmp", $"wf-bench-fleet-{Environment.ProcessId}"));
        Directory.CreateDirectory(dataDirectory);
        var clock = new AcceleratedTimeProvider(config.Speed);
        var simulators = await SimulatorHost.StartAsync(SimulatorOptions(), clock: clock, cancellationToken: ct);
        for (var a = 1; a <= config.CloudflareAccounts; a++)
        {
            simulators.State.Cloudflare.AddToken($"fleet-cf-token-{a}", a.ToString("x32", CultureInfo.InvariantCulture), $"Fleet account {a}");
        }

        simulators.State.Namecheap.AddUser("fleetuser", "fleet-namecheap-key", simulators.State.Options.Namecheap, "127.0.0.1");
        simulators.State.Spaceship.AddKey("fleet-spaceship-key", "fleet-spaceship-secret");

        var ssh = await LoopbackSshServer.StartAsync(
            new LoopbackSshServerOptions { RootDirectory = Path.Combine(dataDirectory, "server"), UserName = LoopbackSshServer.IsRoot ? "wfdemo" : null },
            ct);
        var clpctl = ClpctlStandIn.Install(ssh, Path.Combine(dataDirectory, "cloudpanel"));

        var url = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "WebsiteFactory.Server", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings(config, simulators, clpctl, url, dataDirectory));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddWebsiteFactoryServer();
        var app = builder.Build();
        app.MapWebsiteFactoryServer();
        await app.StartAsync(ct);

        var secrets = app.Services.GetRequiredService<ISecretStore>();
        await secrets.SetAsync("matomo-token", simulators.State.Options.Matomo.TokenAuth, ct);
        await secrets.SetAsync("openai-api-key", ContentSimulators.ChatApiKey, ct);
        await secrets.SetAsync("directus-token", ContentSimulators.DirectusToken, ct);
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        await keys.DeleteByNameAsync("wf-bench-fleet", ct);
        var (_, apiKey) = await keys.CreateAsync("wf-bench-fleet", ApiScope.Admin, null, ct);
        // A 500-site batch view under full load can take longer than a CLI user would wait; the benchmark waits.
        var client = new WfClient(new CliSettings(new Uri(url), apiKey) { RequestTimeout = TimeSpan.FromMinutes(10) });
        return new FleetStack(config, clock, simulators, ssh, clpctl, app, client, dataDirectory);
    }

    /// <summary>Server settings: the simulators' URLs, the stand-in's paths, and waits sized for an accelerated clock.</summary>
    private static Dictionary<string, string?> Settings(BenchmarkConfig config, SimulatorHost sim, ClpctlStandIn clpctl, string url, string dataDirectory)
    {
        var s = new Dictionary<string, string?>(sim.ClientSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url,
            ["Server:DataDirectory"] = dataDirectory,
            ["Server:WritePermitsPerMinute"] = "100000",
            ["Server:AuthPermitsPerMinute"] = "100000",
            ["LocalPostgres:Database"] = "wf_fleet",
            ["Content:Workflow:ArtifactsDirectory"] = Path.Combine(dataDirectory, "work", "artifacts"),
            ["Providers:CloudPanel:ClpctlCommand"] = clpctl.CommandPath,
            ["Providers:CloudPanel:HomeDirectory"] = clpctl.HomeDirectory,
            ["Providers:CloudPanel:CertificateDirectory"] = clpctl.CertificateDirectory,
            ["Providers:CloudPanel:MaxSessionsPerServer"] = config.SessionsPerServer.ToString(CultureInfo.InvariantCulture),
            ["Provisioning:Publish"] = config.Publish ? "true" : "false",
            ["Provisioning:BatchMaxParallel"] = config.Sites.ToString(CultureInfo.InvariantCulture),

            // Real work (SSH, rsync, Astro, PostgreSQL) runs in real time, which the clock multiplies: a 1 s stall on a busy
            // machine is 20 s simulated at x20. Leases, stall thresholds and HTTP timeouts are sized in simulated time.
            ["Engine:LeaseDuration"] = "00:10:00",
            ["Engine:LoopStallThreshold"] = "00:30:00",
            ["Engine:MaxPollInterval"] = "00:00:10",
            ["Engine:DeadWorkerScanInterval"] = "00:00:20",

            // Activities of a fleet mostly wait: a build for its batch (up to 2 x 50 at once), a certificate for its server's
            // SSH session, a registrar call for its budget. With 64 slots the builds and certificates waiting held them all,
            // and 227 registrar steps queued behind them with the Namecheap budget idle for minutes. 160 slots need more than
            // Npgsql's 100 pooled connections (192 exhausted the pool under load) and the cluster's default 100.
            ["Engine:ActivityConcurrency"] = "160",
            ["Database:MaxPoolSize"] = "250",
            ["LocalPostgres:ServerSettings:max_connections"] = "300",
            ["Engine:ClientPollInterval"] = "00:00:04",

            // The nightly jobs run on the same clock; none belongs in the measurement.
            ["Analytics:Enabled"] = "false",
            ["Certificates:Enabled"] = "false",
            ["Reconcile:Enabled"] = "false",
            ["Provisioning:DelegationTimeout"] = "06:00:00",

            // Poll delegation every 10-20 s instead of backing off to 30 min, as an operator would for a big batch: the
            // backoff is there for a lone site waiting days for a registrar, not for the throughput of a fleet.
            ["Provisioning:DelegationFirstPoll"] = "00:00:10",
            ["Provisioning:DelegationMaxPoll"] = "00:00:20",
            ["Provisioning:StepFirstRetry"] = "00:00:05",
            ["Provisioning:StepMaxRetry"] = "00:02:00",
            ["Provisioning:OriginTimeout"] = "01:00:00",

            // A wider guard keeps edge-of-window bursts (delayed by real scheduling, multiplied by the speed) from arriving
            // inside the vendor's previous window.
            ["Providers:Namecheap:WindowGuard"] = "00:00:15",
            ["Providers:Cloudflare:WindowGuard"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var vendor in new[] { "Cloudflare", "Namecheap", "Spaceship", "Matomo", "Dns", "Directus", "OpenAi", "SearchConsole" })
        {
            s[$"Providers:{vendor}:Http:AttemptTimeout"] = "00:10:00";
            s[$"Providers:{vendor}:Http:TotalTimeout"] = "00:30:00";
        }

        return s;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Ssh.DisposeAsync();
        await Simulators.DisposeAsync();
        if (!Config.Keep)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
