using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using WebsiteFactory.Data.Secrets;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// One scenario's world: its own PostgreSQL cluster, the simulators process, the server process, an admin API key and the
/// seeded accounts, server and sites (as the demo seeds them, through the HTTP API).
/// </summary>
internal sealed class ChaosEnvironment : IAsyncDisposable
{
    private readonly string _root;

    private ChaosEnvironment(string root, ChaosCluster db, SimulatorsProcess sims, ServerProcess server, ChaosReport report)
    {
        _root = root;
        Db = db;
        Sims = sims;
        Server = server;
        Report = report;
    }

    public ChaosCluster Db { get; }

    public SimulatorsProcess Sims { get; }

    public ServerProcess Server { get; }

    public ChaosReport Report { get; }

    public HttpClient Api { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Domain → site id of the seeded sites.</summary>
    public Dictionary<string, string> Sites { get; } = new(StringComparer.Ordinal);

    public static async Task<ChaosEnvironment> StartAsync(string scenario, ChaosReport report, IDictionary<string, string?>? extraSettings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"wf-chaos-{scenario}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(ChaosReport.Directory);
        foreach (var old in Directory.GetFiles(ChaosReport.Directory, scenario + "-*.log"))
        {
            File.Delete(old); // the server and simulator logs of an earlier run
        }

        var db = await ChaosCluster.StartAsync(Path.Combine(root, "pg"));
        var sims = await SimulatorsProcess.StartAsync(Path.Combine(root, "vendors"), Path.Combine(ChaosReport.Directory, scenario + "-simulators.log"));

        // Global secrets go straight into the server's local store (the demo does the same in-process).
        var secretsDirectory = Path.Combine(root, "secrets");
        var secrets = new LocalSecretStore(secretsDirectory);
        await secrets.SetAsync("matomo-token", sims.Get("matomo_token"));
        await secrets.SetAsync("openai-api-key", "sim-openai-key");
        await secrets.SetAsync("directus-token", "sim-directus-token");

        var password = "Chaos-" + Guid.NewGuid().ToString("N");
        var url = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        var settings = new Dictionary<string, string?>(sims.ClientSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url.ToString().TrimEnd('/'),
            ["ConnectionStrings:WebsiteFactory"] = db.ConnectionString,
            ["Secrets:LocalDirectory"] = secretsDirectory,
            ["Secrets:CacheTimeToLive"] = "00:00:00",
            ["Authentication:Admin:InitialPassword"] = password,
            ["Providers:CloudPanel:ClpctlCommand"] = sims.Get("clpctl_command"),
            ["Providers:CloudPanel:HomeDirectory"] = sims.Get("clpctl_home"),
            ["Providers:CloudPanel:CertificateDirectory"] = sims.Get("clpctl_certificates"),
            ["Content:Build:TemplateDirectory"] = Testing.RepositoryPaths.SiteTemplate,
            ["Content:Build:WorkDirectory"] = Path.Combine(root, "build"),
            ["Content:Workflow:ArtifactsDirectory"] = Path.Combine(root, "artifacts"),
            ["Provisioning:DelegationFirstPoll"] = "00:00:01",
            ["Provisioning:DelegationMaxPoll"] = "00:00:02",
            ["Provisioning:DelegationTimeout"] = "00:05:00",
            ["Provisioning:OriginTimeout"] = "00:02:00",
            ["Provisioning:StepFirstRetry"] = "00:00:01",
            ["Provisioning:StepMaxRetry"] = "00:00:03",
            ["Provisioning:Content:StepFirstRetry"] = "00:00:01",
            ["Provisioning:Content:VerificationFirstDelay"] = "00:00:01",
            ["Provisioning:Content:VerificationMaxDelay"] = "00:00:02",
            ["Provisioning:Content:VerificationAttempts"] = "60",
            ["Engine:MaxPollInterval"] = "00:00:00.250",
            ["Server:AuthPermitsPerMinute"] = "100",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var server = new ServerProcess(url, settings, Path.Combine(ChaosReport.Directory, scenario + "-server.log"));
        var env = new ChaosEnvironment(root, db, sims, server, report);
        try
        {
            await server.StartAsync(TimeSpan.FromSeconds(120));
            env.Api.BaseAddress = url;
            await env.SignInAsync(password);
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }

        return env;
    }

    private async Task SignInAsync(string password)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = Server.Url };
        using (var login = await browser.PostAsJsonAsync("/api/auth/login", new { user_name = "admin", password }))
        {
            login.EnsureSuccessStatusCode();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/api-keys") { Content = JsonContent.Create(new { name = "chaos", scope = "admin" }) };
        request.Headers.Add("X-WF-Request", "1");
        using var created = await browser.SendAsync(request);
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        Api.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    /// <summary>Seeds 3 Cloudflare accounts, 2 registrars, a Search Console account, the CloudPanel server and the sites.</summary>
    public async Task SeedAsync(IReadOnlyList<string> domains)
    {
        var cf = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            cf.Add(await CreateAsync("/api/cloudflare-accounts", new
            {
                email = $"ops{i}@chaos.example",
                account_nickname = $"cf-chaos-{i}",
                cloudflare_account_id = i.ToString("x32", CultureInfo.InvariantCulture),
                api_token = $"sim-cf-token-{i}",
            }));
        }

        string[] registrars =
        [
            await CreateAsync("/api/registrar-accounts", new { provider = "namecheap", account_nickname = "namecheap-chaos", api_user = "simuser", client_ip = "127.0.0.1", api_key = "sim-namecheap-key" }),
            await CreateAsync("/api/registrar-accounts", new { provider = "spaceship", account_nickname = "spaceship-chaos", api_key = "sim-spaceship-key", api_secret = "sim-spaceship-secret" }),
        ];
        var gsc = await CreateAsync("/api/gsc-accounts", new
        {
            email = "demo@example.com",
            account_nickname = "gsc-chaos",
            oauth_client_id = "sim-google-client",
            oauth_client_secret = "sim-google-secret",
            credentials = "sim-google-refresh-token",
        });
        var server = await CreateAsync("/api/servers", new
        {
            name = "chaos-cloudpanel",
            address = Sims.Get("ssh_host"),
            ssh_port = int.Parse(Sims.Get("ssh_port"), CultureInfo.InvariantCulture),
            ssh_user = Sims.Get("ssh_user"),
            host_key_fingerprint = Sims.Get("ssh_fingerprint"),
            ssh_private_key = await File.ReadAllTextAsync(Sims.Get("ssh_key_path")),
        });
        for (var i = 0; i < domains.Count; i++)
        {
            Sites[domains[i]] = await CreateAsync("/api/sites", new
            {
                domain = domains[i],
                cloudflare_account_id = cf[i % cf.Count],
                registrar_account_id = registrars[i % registrars.Length],
                server_id = server,
                gsc_account_id = gsc,
                brand = "Chaos " + i.ToString(CultureInfo.InvariantCulture),
                niche = "indoor plants",
            });
        }
    }

    private async Task<string> CreateAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>Starts the provisioning batch of every seeded site; returns the batch instance id.</summary>
    public async Task<string> StartBatchAsync()
    {
        using var response = await Api.PostAsJsonAsync("/api/provision", new { domains = Sites.Keys.ToArray() });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>GET /api/batches/{id}, or null while the server or its database is down.</summary>
    public async Task<JsonObject?> BatchAsync(string id)
    {
        try
        {
            using var response = await Api.GetAsync($"/api/batches/{id}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A scalar from the server's database (the test reads progress where the server writes it).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>A text scalar from the server's database.</summary>
    public async Task<string> TextAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (await cmd.ExecuteScalarAsync())?.ToString() ?? string.Empty;
    }

    /// <summary>The newest site event id (progress marker).</summary>
    public Task<long> LastEventIdAsync() => ScalarAsync("SELECT coalesce(max(id), 0) FROM wf.site_events");

    /// <summary>Sites with at least one event of <paramref name="step"/> and <paramref name="outcome"/>.</summary>
    public Task<long> SitesWithEventAsync(string step, string outcome) =>
        ScalarAsync($"SELECT count(DISTINCT site_id) FROM wf.site_events WHERE step = '{step}' AND outcome = '{outcome}'");

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (e is NpgsqlException or HttpRequestException or TaskCanceledException)
            {
                // Down for the moment (that is the point of the suite); keep polling.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
        await Sims.DisposeAsync();
        await Db.DisposeAsync();
        Report.Flush();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files of the sshd user or of a killed build; the temp directory is swept by the OS.
        }
    }
}
