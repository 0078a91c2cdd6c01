using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using WebsiteFactory.Cli.Output;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Cli.Tests;

/// <summary><c>wf status</c> and <c>wf retry</c> on a failed run: the failure comes from the Failed instance, retry rewinds it.</summary>
public sealed class RetryCommandTests(RetryCommandTests.Factory server) : IClassFixture<RetryCommandTests.Factory>
{
    [Fact]
    public async Task Retry_FailedRun_RewindsItAndFollowsToSuccess_StatusShowsStepAndReason()
    {
        const string domain = "cli-retry.com";
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "sites", "add", domain)).Exit);
        var (exit, output) = await server.RunAsync(server.AdminKey, "provision", domain);
        Assert.True(exit == ExitCodes.Failed, output);
        Assert.Contains("records failed: DNS API down", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[step=", output, StringComparison.Ordinal);

        (exit, output) = await server.RunAsync(server.ReadKey, "status", domain);
        Assert.Contains("instance provision-cli-retry.com: Failed", output, StringComparison.Ordinal);
        Assert.Contains("records failed: DNS API down", output, StringComparison.Ordinal);
        Assert.Contains("wf retry rewinds this run", output, StringComparison.Ordinal);

        Factory.Healed[domain] = true;
        (exit, output) = await server.RunAsync(server.AdminKey, "retry", domain);
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("Rewinding provision-cli-retry.com", output, StringComparison.Ordinal);
        Assert.Contains("1 succeeded, 0 failed", output, StringComparison.Ordinal);
        Assert.Equal(1, Factory.Prepared.GetValueOrDefault(domain)); // the completed step was not run again

        (exit, output) = await server.RunAsync(server.ReadKey, "status", domain);
        Assert.Contains("instance provision-cli-retry.com: Completed", output, StringComparison.Ordinal);
        Assert.Contains("wf retry starts a new run", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cloudflare rejected the token. [step=zone]", "zone", "Cloudflare rejected the token.")]
    [InlineData("boom", null, "boom")]
    [InlineData("text [step=Zone]", null, "text [step=Zone]")]
    public void ReadFailure_StepTag_SplitsStepAndReason(string message, string? step, string reason)
    {
        Assert.Equal((step, reason), ProvisionTracker.ReadFailure(message));
    }

    /// <summary>The server with a stand-in provisioning that fails at its second step until the domain is healed.</summary>
    public sealed class Factory : CliServerFactory
    {
        public static readonly ConcurrentDictionary<string, bool> Healed = new();

        public static readonly ConcurrentDictionary<string, int> Prepared = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddDurableTaskWorker(b => b.AddTasks(r =>
            {
                r.AddActivityFunc<string, string>("CliPrepare", (_, d) => $"{Prepared.AddOrUpdate(d, 1, (_, n) => n + 1)}");
                r.AddActivityFunc<string, string>("CliRecords", (_, d) => Healed.ContainsKey(d) ? "ok" : throw new InvalidOperationException("DNS API down"));
                r.AddOrchestratorFunc<ProvisionSiteInput, string>(ProvisionSite.Name, async (ctx, _) =>
                {
                    var d = ctx.InstanceId[SiteInstanceIds.ProvisionPrefix.Length..];
                    ctx.SetCustomStatus(new ProvisionStatus("zone"));
                    await ctx.CallActivityAsync<string>("CliPrepare", d);
                    ctx.SetCustomStatus(new ProvisionStatus("records"));
                    try
                    {
                        return await ctx.CallActivityAsync<string>("CliRecords", d);
                    }
                    catch (TaskFailedException e)
                    {
                        throw new SiteStepFailedException("records", e.FailureDetails.ErrorMessage);
                    }
                });
            })));
        }
    }
}
