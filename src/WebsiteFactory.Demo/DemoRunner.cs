using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Cli;
using WebsiteFactory.Cli.Commands;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Cli.Output;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Demo;

/// <summary>
/// <c>wf-demo</c> (<c>./build.sh demo</c>): starts the vendor simulators, a CloudPanel "server" (a private sshd on loopback with a <c>clpctl</c>
/// stand-in, reached by the real SSH and rsync adapters) and the server (embedded engine, local PostgreSQL cluster unless a
/// connection string is configured); seeds accounts, the server and demo domains through the HTTP API; provisions them end
/// to end with live progress (DNS, registrar, hosting, TLS, Matomo, AI content into Directus, Astro build, rsync deploy,
/// Search Console verification); runs the nightly analytics once; prints the dashboard URL and admin credentials, and
/// serves until Ctrl+C.
/// </summary>
/// <remarks>
/// Safe to re-run: accounts and sites are created only when missing (looked up by nickname and domain), and provisioning
/// again is idempotent (a re-run publishes a new release of each site). The sshd keys, the stand-in's sites, the deployed
/// releases, the secret store, the local PostgreSQL cluster and the work folders live in <see cref="DemoOptions.DataDirectory"/>. The demo uses its own database (<c>wf_demo</c> on the local cluster) so it never touches real
/// data, and resets the demo admin password and API key on every run (printed at the end).
/// </remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DemoRunner(IAnsiConsole console)
{
    private static readonly string[] Words =
    [
        "sunny", "garden", "river", "maple", "copper", "harbor", "meadow", "summit", "cedar", "lantern",
        "orchid", "pebble", "willow", "falcon", "amber", "canyon", "juniper", "coral", "thistle", "birch",
        "aurora", "basil", "clover", "dune", "ember", "fjord", "glacier", "hazel", "iris", "jasper",
    ];

    private static readonly string[] Tlds = ["com", "net", "org"];

    private const int HistoryDays = 28;

    private static readonly string[] Niches = ["gardening", "home coffee", "trail running", "budget travel", "indoor plants"];

    /// <summary>The demo domains (deterministic, so re-runs find the same sites).</summary>
    /// <param name="count">How many.</param>
    /// <returns>The domains.</returns>
    public static IReadOnlyList<string> Domains(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{Words[i % Words.Length]}-{Words[(i * 7 + 3) % Words.Length]}{(i >= Words.Length ? (i / Words.Length).ToString(CultureInfo.InvariantCulture) : string.Empty)}.{Tlds[i % Tlds.Length]}")];

    /// <summary>The demo's data directory when none is configured.</summary>
    /// <returns><c>/var/lib/website-factory/demo</c> as root, else <c>~/.local/share/website-factory/demo</c>.</returns>
    public static string DefaultDataDirectory() => Environment.IsPrivilegedProcess
        ? "/var/lib/website-factory/demo"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "website-factory", "demo");

    /// <summary>
    /// What the demo says about the dashboard: its URL when a build exists, else a warning with the fix (without a build
    /// the server answers every page with a one-line notice, which is not a dashboard).
    /// </summary>
    /// <param name="directory">The build the server found (<see cref="WebsiteFactoryServer.DashboardDirectory"/>), or null.</param>
    /// <param name="url">The server's URL.</param>
    /// <returns>The URL to print and the warning, if any.</returns>
    public static (string Url, string? Warning) DashboardStatus(string? directory, string url) =>
        directory is not null
            ? ($"{url}/", null)
            : ($"{url}/api", $"The dashboard is not built, so {url}/ shows only a notice: run `npm ci && npm run build` in web/ (./build.sh demo does it for you), then start the demo again. The API and the CLI work without it.");

    /// <summary>Runs the demo.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="ct">Stops the demo (Ctrl+C).</param>
    /// <returns>The exit code: 0 when every site provisioned and the analytics run had no failure, 1 otherwise.</returns>
    public async Task<int> RunAsync(DemoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sites is < 1 or > 500)
        {
            throw new CliException("--sites must be between 1 and 500.", ExitCodes.Usage);
        }

        console.Write(new Rule("[bold]Website Factory demo[/]").LeftJustified());
        var setUp = System.Diagnostics.Stopwatch.StartNew(); // printed apart from the provisioning time (the issue's 2-minute promise is about the latter)
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DefaultDataDirectory());
        CheckLocalCluster(dataDirectory, options);
        var simOptions = new SimulatorOptions { DnsPropagationDelay = TimeSpan.FromSeconds(1.5) };
        simOptions.Latency.Minimum = options.Latency / 5;
        simOptions.Latency.Maximum = options.Latency;
        simOptions.Cloudflare.PassiveActivationDelay = TimeSpan.FromSeconds(4);
        simOptions.Cloudflare.CheckedActivationDelay = TimeSpan.FromSeconds(1);
        simOptions.Cloudflare.ActivationCheckInterval = TimeSpan.FromSeconds(1);
        simOptions.Google.VerificationDelay = TimeSpan.FromSeconds(2);

        // The demo portfolio has a history: Matomo and Search Console report traffic from four weeks before a site is added.
        simOptions.Matomo.HistoryDays = HistoryDays;
        simOptions.Google.HistoryDays = HistoryDays;
        await using var simulators = await SimulatorHost.StartAsync(simOptions, cancellationToken: ct);
        simulators.SeedDemo(cloudflareAccounts: 3);
        console.MarkupLine($"[green]✓[/] Vendor simulators on {simulators.BaseAddress} (Cloudflare, Namecheap, Spaceship, Matomo, DNS, OpenAI-compatible chat, Directus, Google)");

        await using var ssh = await StartServerAsync(dataDirectory, options.SshUser, ct);
        var clpctl = ClpctlStandIn.Install(ssh, Path.Combine(dataDirectory, "cloudpanel"));
        console.MarkupLine($"[green]✓[/] CloudPanel server: sshd on {ssh.Host}:{ssh.Port.ToString(CultureInfo.InvariantCulture)} (user {Markup.Escape(ssh.UserName)}, host key {Markup.Escape(ssh.HostKeyFingerprintSha256)}) with a clpctl stand-in; sites are deployed under {Markup.Escape(clpctl.HomeDirectory)}");

        var url = $"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}";
        var password = AdminPasswords.GeneratePassword();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "WebsiteFactory.Server", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(ServerSettings(simulators, clpctl, url, password, options, dataDirectory));
        builder.AddWebsiteFactoryServer();
        console.MarkupLine("[grey]Starting the server (local PostgreSQL cluster, migrations, embedded engine)…[/]");
        await using var app = builder.Build();
        app.MapWebsiteFactoryServer();
        await app.StartAsync(ct);
        console.MarkupLine($"[green]✓[/] Server on {url}");
        var dashboard = DashboardStatus(WebsiteFactoryServer.DashboardDirectory(app), url);
        if (dashboard.Warning is not null)
        {
            console.MarkupLine($"[yellow]![/] {Markup.Escape(dashboard.Warning)}");
        }

        var services = app.Services;
        await services.GetRequiredService<AdminPasswords>().ResetAsync("admin", password, ct);
        var keys = services.GetRequiredService<ApiKeyStore>();
        await keys.DeleteByNameAsync("wf-demo", ct);
        var (_, apiKey) = await keys.CreateAsync("wf-demo", ApiScope.Admin, null, ct);
        var secrets = services.GetRequiredService<ISecretStore>();
        await secrets.SetAsync("matomo-token", simulators.State.Options.Matomo.TokenAuth, ct);
        await secrets.SetAsync("openai-api-key", ContentSimulators.ChatApiKey, ct);
        await secrets.SetAsync("directus-token", ContentSimulators.DirectusToken, ct);

        using var client = new WfClient(new CliSettings(new Uri(url), apiKey));
        var domains = Domains(options.Sites);
        var created = await SeedAsync(client, domains, ssh, ct);
        await RestoreVendorStateAsync(client, simulators, ct);
        console.MarkupLine($"[green]✓[/] Seeded 3 Cloudflare accounts, 3 registrar accounts (Spaceship, 2 Namecheap users), 1 Search Console account, 1 CloudPanel server, {domains.Count} sites ({created} new)");

        var setUpTime = setUp.Elapsed;
        console.MarkupLine($"[grey]Set-up took {setUpTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s (simulators, sshd, PostgreSQL, server, seeding).[/]");
        var provisioning = System.Diagnostics.Stopwatch.StartNew();
        var batch = await client.PostAsync("/api/provision", new { domains }, ct);
        var batchId = batch.GetProperty("id").GetString()!;
        console.MarkupLine(dashboard.Warning is null ? $"Provisioning batch [blue]{batchId}[/] — open {url}/ to watch it in the dashboard" : $"Provisioning batch [blue]{batchId}[/]");
        var results = await new ProvisionTracker(client, console).FollowBatchAsync(batchId, TimeSpan.FromMinutes(20), ct);
        provisioning.Stop();
        var exit = ProvisionCommands.Summarize(console, results);
        console.MarkupLine($"[green]✓[/] Provisioning and publishing took {provisioning.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s for {domains.Count} sites (after {setUpTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s of set-up)");
        var (live, tokens) = await PublishedAsync(client, domains, clpctl, ct);
        console.MarkupLine($"[green]✓[/] {live} of {domains.Count} sites deployed and verified in Search Console ({tokens.ToString("N0", CultureInfo.InvariantCulture)} model tokens spent on their content); their live releases are under {Markup.Escape(clpctl.HomeDirectory)}/*/htdocs/<domain>");

        // The nightly timer's job, twice: once as of two weeks ago (an earlier night), then for yesterday, which backfills
        // the nights in between the way it does after downtime, and re-fetches the days Search Console still revises.
        var analytics = new AnalyticsRun(client, console);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var analyticsExit = Math.Max(
            await analytics.RunAsync(yesterday.AddDays(-14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), wait: true, TimeSpan.FromMinutes(5), ct),
            await analytics.RunAsync(null, wait: true, TimeSpan.FromMinutes(5), ct));
        await PrintAnalyticsAsync(client, yesterday.AddDays(-20), ct);
        exit = Math.Max(exit, analyticsExit);

        var panel = new Grid().AddColumn().AddColumn();
        panel.AddRow("Dashboard", dashboard.Warning is null ? $"[link]{dashboard.Url}[/]" : $"[yellow]not built[/] (API at {dashboard.Url})");
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

    /// <summary>Counts sites whose statuses say deployed and verified and whose live release is on disk, and sums their token use.</summary>
    private static async Task<(int Live, long Tokens)> PublishedAsync(WfClient c, IReadOnlyList<string> domains, ClpctlStandIn clpctl, CancellationToken ct)
    {
        var live = 0;
        var tokens = 0L;
        foreach (var d in domains)
        {
            var site = await c.GetAsync($"/api/sites/{d}", ct);
            var docRoot = site.TryGetProperty("hosting_doc_root", out var r) ? r.GetString() : null;
            tokens += site.TryGetProperty("content_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;
            if (site.GetProperty("status_deployment").GetString() == "deployed"
                && site.GetProperty("gsc_verification_status").GetString() == "verified"
                && docRoot is not null && docRoot.StartsWith(clpctl.HomeDirectory, StringComparison.Ordinal)
                && File.Exists(Path.Combine(docRoot, "index.html")))
            {
                live++;
            }
        }

        return (live, tokens);
    }

    /// <summary>
    /// Re-seeds what the real vendors would still hold but the in-memory simulators lost since the last demo run: Matomo sites
    /// under their stored ids and verified Search Console properties (the demo's database outlives the simulators).
    /// </summary>
    private static async Task RestoreVendorStateAsync(WfClient c, SimulatorHost sim, CancellationToken ct)
    {
        for (var offset = 0; ; offset += 500)
        {
            var page = await c.GetAsync($"/api/sites?limit=500&offset={offset.ToString(CultureInfo.InvariantCulture)}", ct);
            foreach (var site in page.GetProperty("items").EnumerateArray())
            {
                var domain = site.GetProperty("domain").GetString()!;
                var created = DateOnly.FromDateTime(site.GetProperty("created_at").GetDateTimeOffset().UtcDateTime).AddDays(-HistoryDays);
                if (site.GetProperty("matomo_site_id") is { ValueKind: JsonValueKind.Number } matomoId)
                {
                    sim.State.Matomo.RestoreSite(matomoId.GetInt32(), domain, created, "https://" + domain);
                }

                if (site.GetProperty("gsc_verification_status").GetString() == "verified")
                {
                    sim.Content.SearchConsole.SeedVerifiedDomain(ContentSimulators.GoogleUser, domain, created);
                }
            }

            if (!page.GetProperty("has_more").GetBoolean())
            {
                return;
            }
        }
    }

    private async Task PrintAnalyticsAsync(WfClient c, DateOnly from, CancellationToken ct)
    {
        var rows = (await c.GetAsync($"/api/analytics?from={from:yyyy-MM-dd}", ct)).EnumerateArray().ToList();
        if (rows.Count == 0)
        {
            console.MarkupLine("[yellow]![/] daily_analytics is empty.");
            return;
        }

        static long Sum(IEnumerable<JsonElement> rs, string name) =>
            rs.Sum(r => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0);

        var table = new Table().Border(TableBorder.Rounded).Title("daily_analytics (all demo sites)")
            .AddColumn("Date").AddColumn("Sites", c => c.RightAligned()).AddColumn("Matomo visits", c => c.RightAligned())
            .AddColumn("GSC clicks", c => c.RightAligned()).AddColumn("GSC impressions", c => c.RightAligned());
        foreach (var day in rows.GroupBy(r => r.GetProperty("date").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddRow(day.Key, day.Count().ToString(CultureInfo.InvariantCulture), Sum(day, "matomo_visits").ToString("N0", CultureInfo.InvariantCulture),
                Sum(day, "gsc_clicks").ToString("N0", CultureInfo.InvariantCulture), Sum(day, "gsc_impressions").ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private static Dictionary<string, string?> ServerSettings(SimulatorHost sim, ClpctlStandIn clpctl, string url, string password, DemoOptions options, string dataDirectory)
    {
        var settings = new Dictionary<string, string?>(sim.ClientSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url,
            ["Content:Workflow:ArtifactsDirectory"] = Path.Combine(dataDirectory, "work", "artifacts"),

            // Secrets, the local cluster and the work folders live next to the sshd state, so two demos with different
            // --data-dir never share a secret (the chat key and Matomo token have fixed names) or a database.
            ["Server:DataDirectory"] = dataDirectory,
            ["LocalPostgres:Database"] = "wf_demo",
            ["Authentication:Admin:InitialPassword"] = password,
            ["Providers:CloudPanel:ClpctlCommand"] = clpctl.CommandPath,
            ["Providers:CloudPanel:HomeDirectory"] = clpctl.HomeDirectory,
            ["Providers:CloudPanel:CertificateDirectory"] = clpctl.CertificateDirectory,
            ["Provisioning:DelegationFirstPoll"] = "00:00:01",
            ["Provisioning:DelegationMaxPoll"] = "00:00:03",
            ["Provisioning:DelegationTimeout"] = "00:05:00",
            ["Provisioning:OriginTimeout"] = "00:02:00",
            ["Provisioning:StepFirstRetry"] = "00:00:01",
            ["Provisioning:StepMaxRetry"] = "00:00:05",
            ["Provisioning:Content:StepFirstRetry"] = "00:00:01",
            ["Provisioning:Content:VerificationFirstDelay"] = "00:00:01",
            ["Provisioning:Content:VerificationMaxDelay"] = "00:00:03",
            ["Provisioning:Content:VerificationAttempts"] = "30",
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

    /// <summary>
    /// Creates what is missing: accounts by nickname, the server by name, sites by domain. The server record is updated on
    /// every run because the loopback sshd gets a new port; its key pair and host key are kept in the data directory.
    /// </summary>
    private static async Task<int> SeedAsync(WfClient c, IReadOnlyList<string> domains, LoopbackSshServer ssh, CancellationToken ct)
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

        // Every other site on Spaceship, the rest alternating between two Namecheap users: Namecheap allows 20 calls a
        // minute per user and a site needs 3 (read, set, read back), so 25 sites on one user would wait two more minutes
        // for its budget. An operator with many Namecheap domains spreads them the same way.
        var spaceship = await EnsureAsync(c, "/api/registrar-accounts", "account_nickname", "spaceship-demo", new { provider = "spaceship", account_nickname = "spaceship-demo", api_key = "sim-spaceship-key", api_secret = "sim-spaceship-secret" }, ct);
        var registrars = new[]
        {
            spaceship,
            await EnsureAsync(c, "/api/registrar-accounts", "account_nickname", "namecheap-demo", new { provider = "namecheap", account_nickname = "namecheap-demo", api_user = "simuser", client_ip = "127.0.0.1", api_key = "sim-namecheap-key" }, ct),
            spaceship,
            await EnsureAsync(c, "/api/registrar-accounts", "account_nickname", "namecheap-demo-2", new { provider = "namecheap", account_nickname = "namecheap-demo-2", api_user = "simuser2", client_ip = "127.0.0.1", api_key = "sim-namecheap-key-2" }, ct),
        };

        var gsc = await EnsureAsync(c, "/api/gsc-accounts", "account_nickname", "gsc-demo", new
        {
            email = ContentSimulators.GoogleUser,
            account_nickname = "gsc-demo",
            oauth_client_id = ContentSimulators.GoogleClientId,
            oauth_client_secret = ContentSimulators.GoogleClientSecret,
            credentials = ContentSimulators.GoogleRefreshToken,
        }, ct);

        var serverBody = new
        {
            name = "demo-cloudpanel",
            address = ssh.Host,
            ssh_port = ssh.Port,
            ssh_user = ssh.UserName,
            host_key_fingerprint = ssh.HostKeyFingerprintSha256,
            ssh_private_key = ssh.ClientPrivateKey,
        };
        var server = await EnsureAsync(c, "/api/servers", "name", "demo-cloudpanel", serverBody, ct);
        await c.SendAsync(HttpMethod.Put, $"/api/servers/{server}", serverBody, ct);

        var created = 0;
        for (var i = 0; i < domains.Count; i++)
        {
            var body = new
            {
                domain = domains[i],
                cloudflare_account_id = cf[i % cf.Count],
                registrar_account_id = registrars[i % registrars.Length],
                server_id = server,
                gsc_account_id = gsc,
                brand = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(domains[i].Split('.')[0].Replace('-', ' ')),
                niche = Niches[i % Niches.Length],
            };
            try
            {
                var existing = await c.GetAsync($"/api/sites/{domains[i]}", ct);
                if (existing.GetProperty("gsc_account_id").ValueKind == JsonValueKind.Null)
                {
                    // A site seeded by an older demo: attach the Search Console account so publishing verifies it.
                    await c.SendAsync(HttpMethod.Put, $"/api/sites/{domains[i]}", body, ct);
                }
            }
            catch (ApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
            {
                await c.PostAsync("/api/sites", body, ct);
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
