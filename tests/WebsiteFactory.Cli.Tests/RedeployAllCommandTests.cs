using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Rollout;

namespace WebsiteFactory.Cli.Tests;

/// <summary>
/// <c>wf redeploy --all</c>: the plan (dry run) first, typed confirmation unless --yes, then the rollout's progress and
/// summary (a stand-in rollout that stops after its canary wave and rolls back).
/// </summary>
public sealed class RedeployAllCommandTests(RedeployAllCommandTests.Factory server) : IClassFixture<RedeployAllCommandTests.Factory>
{
    [Fact]
    public async Task RedeployAll_DryRun_PrintsWavesWithSites_StartsNothing()
    {
        await server.LiveSitesAsync();
        var before = Factory.Inputs.Count;

        var (exit, output) = await server.RunAsync(server.AdminKey, "redeploy", "--all", "--dry-run", "--canary", "1", "--wave-size", "2");

        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("1 (canary)", output, StringComparison.Ordinal);
        Assert.Contains("roll-a.com", output, StringComparison.Ordinal);
        Assert.Contains("roll-c.com", output, StringComparison.Ordinal);
        Assert.Contains("3 live site(s).", output, StringComparison.Ordinal);
        Assert.Equal(before, Factory.Inputs.Count);
    }

    [Fact]
    public async Task RedeployAll_NotConfirmed_ExitsUsage_StartsNothing()
    {
        await server.LiveSitesAsync();
        var before = Factory.Inputs.Count;

        var (exit, output) = await server.RunWithInputAsync("no\n", server.AdminKey, "redeploy", "--all");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Type yes to start", output, StringComparison.Ordinal);
        Assert.Contains("Not confirmed; nothing was started.", output, StringComparison.Ordinal);
        Assert.Equal(before, Factory.Inputs.Count);
    }

    [Fact]
    public async Task RedeployAll_YesAndCanaryStops_SendsSettingsFollowsProgressPrintsSummary_Exits1()
    {
        await server.LiveSitesAsync();

        var (exit, output) = await server.RunWithInputAsync(string.Empty, server.AdminKey, "redeploy", "--all", "--yes", "--canary", "2", "--wave-size", "7", "--parallel", "3", "--failure-threshold", "0.2");

        Assert.True(exit == ExitCodes.Failed, output);
        Assert.DoesNotContain("Type yes", output, StringComparison.Ordinal);
        Assert.Matches("Started .*rollout-", output);
        Assert.Equal((2, 7, 3, 0.2), Factory.Inputs.Last());
        Assert.Contains("Stopped: Canary wave: 1 of 2 site(s) failed", output, StringComparison.Ordinal);
        Assert.Contains("rolled_back roll-a.com", output, StringComparison.Ordinal);
        Assert.Contains("failed roll-b.com: Template error", output, StringComparison.Ordinal);
        Assert.Contains("0 redeployed, 1 failed, 0 skipped (busy), 1 rolled back, 0 rollback failed, 1 not started; 1 of 2 wave(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeploy_DomainWithAll_IsAUsageError()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "redeploy", "roll-a.com", "--all");

        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("Give a domain, or --all.", output, StringComparison.Ordinal);
    }

    /// <summary>The server with a stand-in rollout: canary wave of two, one fails, the other is rolled back, the third not started.</summary>
    public sealed class Factory : CliServerFactory
    {
        public static readonly ConcurrentQueue<(int?, int?, int?, double?)> Inputs = new();

        private int _sites;

        /// <summary>Three live sites roll-a/b/c.com (once per factory).</summary>
        public async Task LiveSitesAsync()
        {
            if (Interlocked.Exchange(ref _sites, 1) == 1)
            {
                return;
            }

            var server = await Services.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
            {
                Name = "web-roll", Address = "203.0.113.20", SshPort = 22, SshUser = "clp",
                SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture),
                HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", CultureInfo.InvariantCulture),
            });
            foreach (var d in new[] { "roll-a.com", "roll-b.com", "roll-c.com" })
            {
                var site = await Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite { Domain = DomainName.Parse(d, CultureInfo.InvariantCulture), ServerId = server.Id });
                await Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
                {
                    SiteId = site.Id, Step = SiteStep.Deploy, Outcome = StepOutcome.Succeeded, Message = "Release r1 is live.", Actor = "test",
                    HostingDocRoot = "/home/clp/htdocs/" + d, StatusDeployment = DeploymentStatus.Deployed,
                });
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddDurableTaskWorker(b => b.AddTasks(r =>
                r.AddOrchestratorFunc<TemplateRolloutInput?, TemplateRolloutResult>(TemplateRollout.Name, async (ctx, input) =>
                {
                    if (!ctx.IsReplaying)
                    {
                        Inputs.Enqueue((input?.CanarySize, input?.MaxWaveSize, input?.MaxParallel, input?.FailureThreshold));
                    }

                    ctx.SetCustomStatus(new TemplateRolloutStatus("wave", 1, 2, 3, 1, 1, 0, 0, 0));
                    await ctx.CreateTimer(TimeSpan.FromMilliseconds(1200), CancellationToken.None);
                    ctx.SetCustomStatus(new TemplateRolloutStatus("rolling_back", 1, 2, 3, 2, 1, 1, 0, 0, "Canary wave"));
                    return new TemplateRolloutResult(3, 2, 1, 0, 1, 0, 1, 0, 1, true, "Canary wave: 1 of 2 site(s) failed (first: roll-b.com: Template error).", 2.5,
                        [new RolloutWaveResult(1, 2, 1, 1, 0, 2.0)],
                        [
                            new RolloutSiteOutcome(Guid.NewGuid(), "roll-a.com", 1, RolloutOutcomes.RolledBack, "r2"),
                            new RolloutSiteOutcome(Guid.NewGuid(), "roll-b.com", 1, RolloutOutcomes.Failed, null, "Template error"),
                            new RolloutSiteOutcome(Guid.NewGuid(), "roll-c.com", 2, RolloutOutcomes.NotStarted),
                        ]);
                }))));
        }

        /// <summary>Runs <c>wf</c> with <paramref name="input"/> as what the operator types.</summary>
        public async Task<(int Exit, string Output)> RunWithInputAsync(string input, string key, params string[] args)
        {
            var (console, output) = TestConsole.Create();
            var handler = Server.CreateHandler();
            using var reader = new StringReader(input);
            var exit = await WfCommandLine.RunAsync([.. args, "--api-key", key, "--url", "http://localhost/"], console, s => new Http.WfClient(s, handler), input: reader);
            return (exit, output.ToString());
        }
    }
}
