using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Worker;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Workflows.Teardown;

namespace WebsiteFactory.Cli.Tests;

/// <summary><c>wf teardown</c>: typed confirmation unless --yes, then the route, then the outcome with any orphans.</summary>
public sealed class TeardownCommandTests(TeardownCommandTests.Factory server) : IClassFixture<TeardownCommandTests.Factory>
{
    [Fact]
    public async Task Teardown_WrongDomainTyped_NothingStarted_RightDomainTyped_TornDown()
    {
        const string domain = "cli-gone.com";
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "sites", "add", domain)).Exit);

        var (exit, output) = await server.RunWithInputAsync("cli-gone.co\n", server.AdminKey, "teardown", domain);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Not confirmed; nothing was changed.", output, StringComparison.Ordinal);
        Assert.Equal(0, Factory.Runs.GetValueOrDefault(domain));

        (exit, output) = await server.RunWithInputAsync($"{domain}\n", server.AdminKey, "teardown", domain);
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("Type the domain to confirm", output, StringComparison.Ordinal);
        Assert.Contains($"{domain} torn down", output, StringComparison.Ordinal);
        Assert.Equal(1, Factory.Runs.GetValueOrDefault(domain));
    }

    [Fact]
    public async Task Teardown_YesWithAnOrphanLeft_Exits1NamingIt_UnknownSiteFails()
    {
        const string domain = "orphan-cli.com";
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "sites", "add", domain)).Exit);

        var (exit, output) = await server.RunWithInputAsync(string.Empty, server.AdminKey, "teardown", domain, "--yes");
        Assert.True(exit == ExitCodes.Failed, output);
        Assert.DoesNotContain("Type the domain", output, StringComparison.Ordinal);
        Assert.Contains("left behind: Matomo site 7 (orphan-cli.com)", output, StringComparison.Ordinal);

        (exit, output) = await server.RunWithInputAsync(string.Empty, server.AdminKey, "teardown", "no-such-site.com", "--yes");
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("404", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeardownRollback_ProvisioningNotFailed_Fails409NothingStarted()
    {
        const string domain = "cli-undo.com";
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "sites", "add", domain)).Exit);

        var (exit, output) = await server.RunWithInputAsync(string.Empty, server.AdminKey, "teardown", domain, "--rollback", "--yes");

        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("Nothing to roll back", output, StringComparison.Ordinal);
        Assert.Equal(0, Factory.Runs.GetValueOrDefault(domain));
    }

    /// <summary>The server with a stand-in teardown: orphan-* domains leave a Matomo site behind.</summary>
    public sealed class Factory : CliServerFactory
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Runs = new();

        /// <summary>Runs <c>wf</c> with <paramref name="input"/> as what the operator types.</summary>
        public async Task<(int Exit, string Output)> RunWithInputAsync(string input, string key, params string[] args)
        {
            var (console, output) = TestConsole.Create();
            var handler = Server.CreateHandler();
            using var reader = new StringReader(input);
            var exit = await WfCommandLine.RunAsync([.. args, "--api-key", key, "--url", "http://localhost/"], console, s => new WfClient(s, handler), input: reader);
            return (exit, output.ToString());
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddDurableTaskWorker(b => b.AddTasks(r =>
            {
                r.AddActivityFunc<string, int>("CliTeardownCount", (_, d) => Runs.AddOrUpdate(d, 1, (_, n) => n + 1));
                r.AddOrchestratorFunc<TeardownSiteInput, TeardownSiteResult>(TeardownSite.Name, async (ctx, input) =>
                {
                    var d = ctx.InstanceId["teardown-".Length..];
                    await ctx.CallActivityAsync<int>("CliTeardownCount", d);
                    return new TeardownSiteResult(input.SiteId, !d.StartsWith("orphan", StringComparison.Ordinal),
                        d.StartsWith("orphan", StringComparison.Ordinal) ? [$"Matomo site 7 ({d})"] : []);
                });
            })));
        }
    }
}
