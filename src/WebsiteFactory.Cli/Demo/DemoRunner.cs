using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using WebsiteFactory.Cli.Commands;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Cli.Output;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Cli.Demo;

/// <summary>
/// <c>wf demo</c>: starts the vendor simulators, the server (embedded engine, local PostgreSQL cluster unless a connection
/// string is configured, simulated CloudPanel), seeds accounts, a server and demo domains through the HTTP API,
/// provisions them with live progress, prints the dashboard URL and admin credentials, and serves until Ctrl+C.
/// </summary>
/// <remarks>
/// Safe to re-run: accounts and sites are created only when missing (looked up by nickname and domain), and provisioning
/// again is idempotent. The demo uses its own database (<c>wf_demo</c> on the local cluster) so it never touches real
/// data, and resets the demo admin password and API key on every run (printed at the end).
/// </remarks>
public sealed class DemoRunner(IAnsiConsole console)
{
    private static readonly string[] Words =
    [
        "sunny", "garden", "river", "maple", "copper", "harbor", "meadow", "summit", "cedar", "lantern",
        "orchid", "pebble", "willow", "falcon", "amber", "canyon", "juniper", "coral", "thistle", "birch",
        "aurora", "basil", "clover", "dune", "ember", "fjord", "glacier", "hazel", "iris", "jasper",
    ];

    private static readonly string[] Tlds = ["com", "net", "org"];

    /// <summary>The demo domains (deterministic, so re-runs find the same sites).</summary>
    /// <param name="count">How many.</param>
    /// <returns>The domains.</returns>
    public static IReadOnlyList<string> Domains(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{Words[i % Words.Length]}-{Words[(i * 7 + 3) % Words.Length]}{(i >= Words.Length ? (i / Words.Length).ToString(CultureInfo.InvariantCulture) : string.Empty)}.{Tlds[i % Tlds.Length]}")];

    /// <summary>Runs the demo.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="ct">Stops the demo (Ctrl+C).</param>
    /// <returns>The exit code: 0 when every site provisioned, 1 otherwise.</returns>
    public async Task<int> RunAsync(DemoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sites is < 1 or > 500)
        {
            throw new CliException("--sites must be between 1 and 500.", ExitCodes.Usage);
        }

        console.Write(new Rule("[bold]Website Factory demo[/]").LeftJustified());
        var simOptions = new SimulatorOptions { DnsPropagationDelay = TimeSpan.FromSeconds(1.5) };
        simOptions.Latency.Minimum = options.Latency / 5;
        simOptions.Latency.Maximum = options.Latency;
        simOptions.Cloudflare.PassiveActivationDelay = TimeSpan.FromSeconds(4);
        simOptions.Cloudflare.CheckedActivationDelay = TimeSpan.FromSeconds(1);
        simOptions.Cloudflare.ActivationCheckInterval = TimeSpan.FromSeconds(1);
        await using var simulators = await SimulatorHost.StartAsync(simOptions, cancellationToken: ct);
        simulators.SeedDemo(cloudflareAccounts: 3);
        console.MarkupLine($"[green]✓[/] Vendor simulators on {simulators.BaseAddress} (Cloudflare, Namecheap, Spaceship, Matomo, DNS)");

        var url = $"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}";
        var password = AdminPasswords.GeneratePassword();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "WebsiteFactory.Server", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(ServerSettings(simulators, url, password, options));
        builder.AddWebsiteFactoryServer();
        builder.Services.AddSingleton<ICloudPanelClient>(sp => new SimulatedCloudPanel(sp.GetRequiredService<ISecretStore>(), TimeProvider.System, options.Latency * 2));
        console.MarkupLine("[grey]Starting the server (local PostgreSQL cluster, migrations, embedded engine)…[/]");
        await using var app = builder.Build();
        app.MapWebsiteFactoryServer();
        await app.StartAsync(ct);
        console.MarkupLine($"[green]✓[/] Server on {url}");

        var services = app.Services;
        await services.GetRequiredService<AdminPasswords>().ResetAsync("admin", password, ct);
        var keys = services.GetRequiredService<ApiKeyStore>();
        await keys.DeleteByNameAsync("wf-demo", ct);
        var (_, apiKey) = await keys.CreateAsync("wf-demo", ApiScope.Admin, null, ct);
        await services.GetRequiredService<ISecretStore>().SetAsync("matomo-token", simulators.State.Options.Matomo.TokenAuth, ct);

        using var client = new WfClient(new CliSettings(new Uri(url), apiKey));
        var domains = Domains(options.Sites);
        var created = await SeedAsync(client, domains, ct);
        console.MarkupLine($"[green]✓[/] Seeded 3 Cloudflare accounts, 2 registrar accounts, 1 CloudPanel server, {domains.Count} sites ({created} new)");

        var batch = await client.PostAsync("/api/provision", new { domains }, ct);
        var batchId = batch.GetProperty("id").GetString()!;
        console.MarkupLine($"Provisioning batch [blue]{batchId}[/] — open {url}/ to watch it in the dashboard");
        var results = await new ProvisionTracker(client, console).FollowBatchAsync(batchId, TimeSpan.FromMinutes(15), ct);
        var exit = ProvisionCommands.Summarize(console, results);

        var panel = new Grid().AddColumn().AddColumn();
        panel.AddRow("Dashboard", $"[link]{url}/[/]");
        panel.AddRow("User", "admin");
        panel.AddRow("Password", Markup.Escape(password));
        panel.AddRow("CLI", Markup.Escape($"export WF_URL={url} WF_API_KEY={apiKey}"));
        console.Write(new Panel(panel).Header("Website Factory is running").BorderColor(Color.Green));

        if (!options.ExitWhenDone)
        {
            console.MarkupLine("Press [bold]Ctrl+C[/] to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                exit = ExitCodes.Ok;
            }
        }

        await app.StopAsync(CancellationToken.None);
        return exit;
    }

    private static Dictionary<string, string?> ServerSettings(SimulatorHost sim, string url, string password, DemoOptions options)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url,
            ["LocalPostgres:Database"] = "wf_demo",
            ["Authentication:Admin:InitialPassword"] = password,
            ["Providers:Cloudflare:BaseUrl"] = sim.CloudflareBaseUrl.ToString(),
            ["Providers:Namecheap:Endpoint"] = sim.NamecheapUrl.ToString(),
            ["Providers:Spaceship:BaseUrl"] = sim.SpaceshipBaseUrl.ToString(),
            ["Providers:Matomo:Url"] = sim.MatomoUrl.ToString(),
            ["Providers:Dns:Endpoint"] = sim.DnsQueryUrl.ToString(),
            ["Provisioning:DelegationFirstPoll"] = "00:00:01",
            ["Provisioning:DelegationMaxPoll"] = "00:00:03",
            ["Provisioning:DelegationTimeout"] = "00:05:00",
            ["Provisioning:OriginTimeout"] = "00:02:00",
            // The demo has no content/deploy simulators wired yet: stop after hosting + Matomo.
            ["Provisioning:Publish"] = "false",
            ["Provisioning:StepFirstRetry"] = "00:00:01",
            ["Provisioning:StepMaxRetry"] = "00:00:05",
            ["Engine:MaxPollInterval"] = "00:00:00.250",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (k, v) in options.Settings)
        {
            settings[k] = v;
        }

        return settings;
    }

    /// <summary>Creates what is missing: accounts by nickname, the server by name, sites by domain.</summary>
    private static async Task<int> SeedAsync(WfClient c, IReadOnlyList<string> domains, CancellationToken ct)
    {
        var cf = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            cf.Add(await EnsureAsync(c, "/api/cloudflare-accounts", "account_nickname", $"cf-demo-{i}", new
            {
                email = $"ops{i}@demo.example",
                account_nickname = $"cf-demo-{i}",
                cloudflare_account_id = i.ToString("x32", CultureInfo.InvariantCulture),
                api_token = $"sim-cf-token-{i}",
            }, ct));
        }

        var registrars = new[]
        {
            await EnsureAsync(c, "/api/registrar-accounts", "account_nickname", "namecheap-demo", new { provider = "namecheap", account_nickname = "namecheap-demo", api_user = "simuser", client_ip = "127.0.0.1", api_key = "sim-namecheap-key" }, ct),
            await EnsureAsync(c, "/api/registrar-accounts", "account_nickname", "spaceship-demo", new { provider = "spaceship", account_nickname = "spaceship-demo", api_key = "sim-spaceship-key", api_secret = "sim-spaceship-secret" }, ct),
        };

        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("website-factory-demo"))).TrimEnd('=');
        var server = await EnsureAsync(c, "/api/servers", "name", "demo-cloudpanel", new
        {
            name = "demo-cloudpanel",
            address = "127.0.0.1",
            ssh_user = "wf",
            host_key_fingerprint = fingerprint,
            ssh_private_key = "-----BEGIN OPENSSH PRIVATE KEY-----\n(demo: the simulated CloudPanel does not connect over SSH)\n-----END OPENSSH PRIVATE KEY-----\n",
        }, ct);

        var created = 0;
        for (var i = 0; i < domains.Count; i++)
        {
            try
            {
                await c.GetAsync($"/api/sites/{domains[i]}", ct);
            }
            catch (ApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
            {
                await c.PostAsync("/api/sites", new
                {
                    domain = domains[i],
                    cloudflare_account_id = cf[i % cf.Count],
                    registrar_account_id = registrars[i % registrars.Length],
                    server_id = server,
                    brand = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(domains[i].Split('.')[0].Replace('-', ' ')),
                    niche = "demo",
                }, ct);
                created++;
            }
        }

        return created;
    }

    private static async Task<string> EnsureAsync(WfClient c, string path, string nameField, string name, object body, CancellationToken ct)
    {
        foreach (var item in (await c.GetAsync(path, ct)).EnumerateArray())
        {
            if (item.GetProperty(nameField).GetString() == name)
            {
                return item.GetProperty("id").GetString()!;
            }
        }

        return (await c.PostAsync(path, body, ct)).GetProperty("id").GetString()!;
    }
}
