using System.Net;
using System.Net.Sockets;
using Npgsql;
using WebsiteFactory.Cli;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Demo.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_ExitWhenDone_ProvisionsEverySite_AndRerunIsSafe()
    {
        var cs = await PostgresFixture.CreateDatabaseAsync("demo");
        var secrets = Path.Combine(Path.GetTempPath(), "wf-demo-test-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(Path.GetTempPath(), "wf-demo-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output) = await RunAsync(cs, secrets, data);
            Assert.True(exit == ExitCodes.Ok, output);
            Assert.Contains("3 succeeded, 0 failed", output, StringComparison.Ordinal);
            Assert.Contains("3 of 3 sites deployed and verified", output, StringComparison.Ordinal);
            Assert.Contains("0 vendor failures", output, StringComparison.Ordinal);
            Assert.Contains("Password", output, StringComparison.Ordinal);
            Assert.Equal(File.Exists(Path.Combine(RepositoryPaths.Root, "web", "dist", "index.html")), !output.Contains("dashboard is not built", StringComparison.Ordinal));

            var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand(
                    """
                    SELECT count(*) FILTER (WHERE status_dns = 'active' AND status_hosting = 'active' AND status_content = 'generated'
                                              AND status_deployment = 'deployed' AND gsc_verification_status = 'verified'),
                           (SELECT count(DISTINCT site_id) FROM wf.daily_analytics WHERE date = @yesterday AND matomo_visits > 0),
                           (SELECT count(*) FROM wf.daily_analytics WHERE gsc_impressions > 0),
                           (SELECT count(*) FROM wf.sites WHERE content_tokens > 0)
                    FROM wf.sites
                    """, conn);
                cmd.Parameters.AddWithValue("yesterday", yesterday);
                await using var r = await cmd.ExecuteReaderAsync();
                Assert.True(await r.ReadAsync());
                Assert.Equal(3L, r.GetInt64(0)); // every site published end to end
                Assert.Equal(3L, r.GetInt64(1)); // the nightly run collected yesterday's Matomo visits for each
                Assert.True(r.GetInt64(2) > 0, "no Search Console figures were collected");
                Assert.Equal(3L, r.GetInt64(3)); // each site's content cost is recorded
            }

            // The releases really landed on the demo server: each doc root is a symlink to a built Astro release with tracking.
            foreach (var domain in DemoRunner.Domains(3))
            {
                var docRoot = Directory.EnumerateDirectories(Path.Combine(data, "cloudpanel", "home"))
                    .Select(user => Path.Combine(user, "htdocs", domain)).Single(Directory.Exists);
                Assert.NotNull(new DirectoryInfo(docRoot).LinkTarget);
                Assert.Contains("matomoSiteId", await File.ReadAllTextAsync(Path.Combine(docRoot, "index.html")), StringComparison.Ordinal);
            }

            // Re-running finds everything in place: no new sites, provisioning and publishing again succeed.
            (exit, output) = await RunAsync(cs, secrets, data);
            Assert.True(exit == ExitCodes.Ok, output);
            Assert.Contains("(0 new)", output, StringComparison.Ordinal);
            Assert.Contains("3 of 3 sites deployed and verified", output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var dir in new[] { secrets, data })
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }

    [RootFact]
    public async Task Demo_DataDirUnderPrivateTempDirectory_FailsWithOneSentence_NoStackTrace()
    {
        var parent = Path.Combine(Path.GetTempPath(), "wf-demo-private-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var (console, output) = TestConsole.Create();
            var exit = await DemoProgram.RunAsync(["--data-dir", Path.Combine(parent, "demo"), "--sites", "1", "--exit-when-done", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)], console);

            var text = output.ToString();
            Assert.Equal(ExitCodes.Failed, exit);
            Assert.Contains($"cannot enter '{parent}'", text, StringComparison.Ordinal);
            Assert.Contains($"chmod o+x {parent}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("initdb", text, StringComparison.Ordinal);
            Assert.DoesNotContain("simulators on", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public void DashboardStatus_NoBuild_WarnsWithTheFixAndPointsAtTheApi()
    {
        var (url, warning) = DemoRunner.DashboardStatus(null, "http://127.0.0.1:7071");

        Assert.Equal("http://127.0.0.1:7071/api", url);
        Assert.NotNull(warning);
        Assert.Contains("not built", warning, StringComparison.Ordinal);
        Assert.Contains("npm ci && npm run build", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void DashboardStatus_Built_PointsAtTheDashboardWithoutWarning()
    {
        var (url, warning) = DemoRunner.DashboardStatus("/repo/web/dist", "http://127.0.0.1:7071");

        Assert.Equal("http://127.0.0.1:7071/", url);
        Assert.Null(warning);
    }

    [Fact]
    public void Domains_AreDistinctAndValid()
    {
        var domains = DemoRunner.Domains(100);
        Assert.Equal(100, domains.Distinct().Count());
        Assert.All(domains, d => Assert.True(WebsiteFactory.Core.Domain.DomainName.TryParse(d, out _, out _), d));
    }

    private static async Task<(int, string)> RunAsync(string cs, string secrets, string data)
    {
        var (console, output) = TestConsole.Create();
        var options = new DemoOptions { Sites = 3, ExitWhenDone = true, Port = FreePort(), Latency = TimeSpan.FromMilliseconds(20), DataDirectory = data };
        options.Settings["ConnectionStrings:WebsiteFactory"] = cs;
        options.Settings["Secrets:LocalDirectory"] = secrets;
        options.Settings["Content:Build:TemplateDirectory"] = RepositoryPaths.SiteTemplate;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var exit = await new DemoRunner(console).RunAsync(options, cts.Token);
        return (exit, output.ToString());
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
