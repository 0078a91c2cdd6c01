using System.Globalization;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Seeds the fleet through the HTTP API, as an operator would: accounts, servers, then the sites spread round-robin.</summary>
internal static class FleetSeeder
{
    public static string Domain(int i) => $"fleet{i.ToString("D4", CultureInfo.InvariantCulture)}.com";

    /// <summary>Creates the accounts, servers and sites; returns the domains and which registrar each uses.</summary>
    public static async Task<IReadOnlyList<FleetSite>> SeedAsync(WfClient c, BenchmarkConfig config, LoopbackSshServer ssh, CancellationToken ct)
    {
        var cf = new List<string>();
        for (var a = 1; a <= config.CloudflareAccounts; a++)
        {
            cf.Add(await IdAsync(c, "/api/cloudflare-accounts", new
            {
                email = $"ops{a}@fleet.example",
                account_nickname = $"cf-fleet-{a}",
                cloudflare_account_id = a.ToString("x32", CultureInfo.InvariantCulture),
                api_token = $"fleet-cf-token-{a}",
            }, ct));
        }

        var registrars = new[]
        {
            (Id: await IdAsync(c, "/api/registrar-accounts", new { provider = "namecheap", account_nickname = "namecheap-fleet", api_user = "fleetuser", client_ip = "127.0.0.1", api_key = "fleet-namecheap-key" }, ct), Provider: "namecheap"),
            (Id: await IdAsync(c, "/api/registrar-accounts", new { provider = "spaceship", account_nickname = "spaceship-fleet", api_key = "fleet-spaceship-key", api_secret = "fleet-spaceship-secret" }, ct), Provider: "spaceship"),
        };

        var gsc = await IdAsync(c, "/api/gsc-accounts", new
        {
            email = ContentSimulators.GoogleUser,
            account_nickname = "gsc-fleet",
            oauth_client_id = ContentSimulators.GoogleClientId,
            oauth_client_secret = ContentSimulators.GoogleClientSecret,
            credentials = ContentSimulators.GoogleRefreshToken,
        }, ct);

        var servers = new List<string>();
        for (var s = 1; s <= config.Servers; s++)
        {
            servers.Add(await IdAsync(c, "/api/servers", new
            {
                name = $"cloudpanel-{s}",
                address = ssh.Host,
                ssh_port = ssh.Port,
                ssh_user = ssh.UserName,
                host_key_fingerprint = ssh.HostKeyFingerprintSha256,
                ssh_private_key = ssh.ClientPrivateKey,
            }, ct));
        }

        var sites = new List<FleetSite>();
        for (var i = 0; i < config.Sites; i++)
        {
            var registrar = registrars[i % registrars.Length];
            var domain = Domain(i);
            await c.PostAsync("/api/sites", new
            {
                domain,
                cloudflare_account_id = cf[i % cf.Count],
                registrar_account_id = registrar.Id,
                server_id = servers[i % servers.Count],
                gsc_account_id = gsc,
                brand = $"Fleet {i.ToString(CultureInfo.InvariantCulture)}",
                niche = "indoor plants",
            }, ct);
            sites.Add(new FleetSite(domain, i % cf.Count, registrar.Provider, i % servers.Count));
        }

        return sites;
    }

    private static async Task<string> IdAsync(WfClient c, string path, object body, CancellationToken ct) =>
        (await c.PostAsync(path, body, ct)).GetProperty("id").GetString()!;
}

/// <summary>One seeded site and the shared resources it uses.</summary>
internal sealed record FleetSite(string Domain, int CloudflareAccount, string Registrar, int Server);
