using System.Net;
using System.Net.Sockets;
using Npgsql;
using WebsiteFactory.Cli.Demo;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Cli.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_ExitWhenDone_ProvisionsEverySite_AndRerunIsSafe()
    {
        var cs = await PostgresFixture.CreateDatabaseAsync("demo");
        var secrets = Path.Combine(Path.GetTempPath(), "wf-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output) = await RunAsync(cs, secrets);
            Assert.True(exit == ExitCodes.Ok, output);
            Assert.Contains("3 succeeded, 0 failed", output, StringComparison.Ordinal);
            Assert.Contains("Password", output, StringComparison.Ordinal);

            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT count(*) FROM wf.sites WHERE status_dns = 'active' AND status_hosting = 'active'", conn);
                Assert.Equal(3L, (long)(await cmd.ExecuteScalarAsync())!);
            }

            // Re-running finds everything in place: no new sites, provisioning again succeeds.
            (exit, output) = await RunAsync(cs, secrets);
            Assert.True(exit == ExitCodes.Ok, output);
            Assert.Contains("(0 new)", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(secrets))
            {
                Directory.Delete(secrets, recursive: true);
            }
        }
    }

    [Fact]
    public void Domains_AreDistinctAndValid()
    {
        var domains = DemoRunner.Domains(100);
        Assert.Equal(100, domains.Distinct().Count());
        Assert.All(domains, d => Assert.True(WebsiteFactory.Core.Domain.DomainName.TryParse(d, out _, out _), d));
    }

    private static async Task<(int, string)> RunAsync(string cs, string secrets)
    {
        var (console, output) = TestConsole.Create();
        var options = new DemoOptions { Sites = 3, ExitWhenDone = true, Port = FreePort(), Latency = TimeSpan.FromMilliseconds(20) };
        options.Settings["ConnectionStrings:WebsiteFactory"] = cs;
        options.Settings["Secrets:LocalDirectory"] = secrets;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
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
