using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Rollout;
using WebsiteFactory.Workflows.Tests.Content;

namespace WebsiteFactory.Workflows.Tests.Rollout;

/// <summary>
/// <see cref="TemplateRollout"/> on the durable host with the real <see cref="Redeploy"/> and <see cref="RollbackSite"/>
/// children; the deployer fake keeps each doc root's live release, so the health check and the rollback read and change it.
/// </summary>
public sealed class TemplateRolloutTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string Old = "20260101T000000Z-0a0a0a0a";

    private static readonly ContentSettings Fast = new()
    {
        StepMaxAttempts = 2,
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Doc root → live release, as the fake server has it.</summary>
    private static readonly ConcurrentDictionary<string, string> Live = new(StringComparer.Ordinal);

    [Fact]
    public async Task TemplateRollout_AllHealthy_RedeploysEveryLiveSiteInWavesAndReportsProgress()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("ok", 7);
        var notDeployed = await harness.AddSiteAsync("ok-never-deployed.example.com", gsc: false);
        var tornDown = await this.LiveSitesAsync("ok-torn", 1);
        await harness.ExecuteAsync("UPDATE wf.sites SET lifecycle_status = 'deleted' WHERE id = $1", tornDown[0].Id);

        // A redeploy of one site finished earlier: the rollout's child reuses its instance id.
        var earlier = await harness.RunAsync(Redeploy.Name, new PublishSiteInput(sites[0].Id, Fast), SiteInstanceIds.Redeploy(sites[0].Domain.Value));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, earlier.RuntimeStatus);

        var ids = sites.Concat([notDeployed]).Concat(tornDown).Select(s => s.Id).ToList();
        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 2, MaxWaveSize: 4, MaxParallel: 3, SiteIds: ids, Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;
        Assert.NotEqual(earlier.ReadOutputAs<PublishSiteResult>()!.ReleaseId, result.Sites.Single(s => s.SiteId == sites[0].Id).ReleaseId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal((7, 3, 3, 7, 0, false), (result.Total, result.Waves, result.WavesRun, result.Redeployed, result.Failed, result.Stopped));
        Assert.Equal(new[] { 2, 4, 1 }, result.WaveResults.Select(w => w.Size));
        Assert.Equal(sites.Select(s => s.Domain.Value).Order(StringComparer.Ordinal), result.Sites.Select(s => s.Domain).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { 1, 1, 2, 2, 2, 2, 3 }, result.Sites.OrderBy(s => s.Domain, StringComparer.Ordinal).Select(s => s.Wave));
        Assert.All(result.Sites, s =>
        {
            Assert.Equal(RolloutOutcomes.Redeployed, s.Outcome);
            Assert.NotEqual(Old, s.ReleaseId);
            Assert.Equal(s.ReleaseId, Live[DocRoot(s.Domain)]);
        });
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(notDeployed.Domain.Value) || t.DocRoot.Value == DocRoot(tornDown[0].Domain.Value)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        var status = meta.ReadCustomStatusAs<TemplateRolloutStatus>()!;
        Assert.Equal(("done", 3, 3, 7, 7, 7), (status.Phase, status.Wave, status.Waves, status.Total, status.Done, status.Redeployed));
        Assert.True(result.DurationSeconds >= result.WaveResults.Sum(w => w.DurationSeconds) - 0.001);
    }

    [Fact]
    public async Task TemplateRollout_CanaryFails_StopsRollsBackSwitchedSitesAndTouchesNoLaterWave()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("canary", 6); // by domain: canary-0 .. canary-5; canary wave = 0 and 1
        harness.Builder.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == sites[1].Id), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("astro", ProviderErrorKind.Permanent, "Template error: layout.astro does not compile."));

        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 2, MaxWaveSize: 4, SiteIds: sites.Select(s => s.Id).ToList(), Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;
        var outcome = result.Sites.ToDictionary(s => s.Domain, StringComparer.Ordinal);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.True(result.Stopped);
        Assert.StartsWith("Canary wave: 1 of 2 site(s) failed", result.StopReason, StringComparison.Ordinal);
        Assert.Contains("layout.astro does not compile", result.StopReason, StringComparison.Ordinal);
        Assert.Equal((1, 0, 1, 1, 4), (result.WavesRun, result.Redeployed, result.Failed, result.RolledBack, result.NotStarted));
        Assert.Equal(RolloutOutcomes.RolledBack, outcome[sites[0].Domain.Value].Outcome);
        Assert.Equal(RolloutOutcomes.Failed, outcome[sites[1].Domain.Value].Outcome);

        // The switched canary site is back on its previous release; the failed one never left it.
        Assert.Equal(Old, Live[DocRoot(sites[0].Domain.Value)]);
        Assert.Equal(Old, Live[DocRoot(sites[1].Domain.Value)]);
        await harness.Deployer.Received(1).RollbackAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(sites[0].Domain.Value)), Arg.Any<string?>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().RollbackAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(sites[1].Domain.Value)), Arg.Any<string?>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeploymentStatus.Deployed, (await harness.GetSiteAsync(sites[0].Id)).StatusDeployment);

        // No site of the later waves was touched: not built, not deployed, no instance started.
        foreach (var later in sites.Skip(2))
        {
            Assert.Equal(RolloutOutcomes.NotStarted, outcome[later.Domain.Value].Outcome);
            Assert.Equal(Old, Live[DocRoot(later.Domain.Value)]);
            await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == later.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
            await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(later.Domain.Value)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
            Assert.Null(await harness.Client.GetInstanceAsync(SiteInstanceIds.Redeploy(later.Domain.Value)));
        }
    }

    [Fact]
    public async Task TemplateRollout_HealthCheckSeesOtherRelease_FailsTheSiteWithoutRollingItBack()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("health", 3);
        var other = "20260301T000000Z-0b0b0b0b";
        harness.Deployer.GetLiveReleaseAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(sites[0].Domain.Value)), Arg.Any<CancellationToken>()).Returns(other);

        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 1, SiteIds: sites.Select(s => s.Id).ToList(), Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;

        Assert.True(result.Stopped);
        var first = Assert.Single(result.Sites, s => s.Domain == sites[0].Domain.Value);
        Assert.Equal(RolloutOutcomes.Failed, first.Outcome);
        Assert.Equal($"Health check: the site serves release {other}, not {first.ReleaseId}.", first.Error);
        Assert.Equal(2, result.NotStarted);
        await harness.Deployer.DidNotReceive().RollbackAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(sites[0].Domain.Value)), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task TemplateRollout_LaterWaveAboveThreshold_StopsAndRollsBackEveryWave()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("later", 5); // waves: 1, 2, 2
        harness.Builder.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == sites[2].Id), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("astro", ProviderErrorKind.Permanent, "Out of disk."));

        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 1, MaxWaveSize: 2, FailureThreshold: 0.25, SiteIds: sites.Select(s => s.Id).ToList(), Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;

        Assert.True(result.Stopped);
        Assert.StartsWith("Wave 2: 1 of 2 site(s) failed (50 %, more than the 25 % allowed", result.StopReason, StringComparison.Ordinal);
        Assert.Equal((2, 2, 1, 2), (result.WavesRun, result.RolledBack, result.Failed, result.NotStarted));
        Assert.All(sites, s => Assert.Equal(Old, Live[DocRoot(s.Domain.Value)]));
    }

    [Fact]
    public async Task TemplateRollout_SiteBusyWithAnotherOperation_SkipsItWithoutCountingAFailure()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("busy", 2);
        var hold = new TaskCompletionSource<DeployResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Deployer.RollbackAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == DocRoot(sites[0].Domain.Value)), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(_ => hold.Task);
        var rollbackId = SiteInstanceIds.Rollback(sites[0].Domain.Value);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync(RollbackSite.Name, new PublishSiteInput(sites[0].Id, Fast), new Microsoft.DurableTask.StartOrchestrationOptions(rollbackId));
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await harness.Client.WaitForInstanceStartAsync(rollbackId, started.Token);
        }

        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 1, SiteIds: sites.Select(s => s.Id).ToList(), Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;
        hold.SetResult(new DeployResult(Old, null, [Old]));

        Assert.False(result.Stopped, result.StopReason);
        Assert.Equal((1, 1, 0), (result.Skipped, result.Redeployed, result.Failed));
        var skipped = Assert.Single(result.Sites, s => s.Outcome == RolloutOutcomes.Skipped);
        Assert.Equal(sites[0].Domain.Value, skipped.Domain);
        Assert.Contains(rollbackId, skipped.Error, StringComparison.Ordinal);
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == sites[0].Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Client.WaitForInstanceCompletionAsync(rollbackId, done.Token)).RuntimeStatus);
    }

    [Fact]
    public async Task TemplateRollout_SiteRedeployAlreadyRunning_SkipsItAndLeavesThatRedeployAlone()
    {
        this.WireServer();
        var sites = await this.LiveSitesAsync("running", 2);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Builder.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == sites[0].Id), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(async c =>
        {
            await hold.Task;
            var dir = c.ArgAt<string>(1);
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "index.html"), "<!doctype html><title>site</title>");
            return new SiteBuildResult(dir, 1, TimeSpan.FromMilliseconds(1));
        });
        var redeployId = SiteInstanceIds.Redeploy(sites[0].Domain.Value);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync(Redeploy.Name, new PublishSiteInput(sites[0].Id, Fast), new Microsoft.DurableTask.StartOrchestrationOptions(redeployId));
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await harness.Client.WaitForInstanceStartAsync(redeployId, started.Token);
        }

        var meta = await harness.RunAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 1, SiteIds: sites.Select(s => s.Id).ToList(), Content: Fast));
        var result = meta.ReadOutputAs<TemplateRolloutResult>()!;
        hold.SetResult();

        Assert.Equal((1, 1, false), (result.Skipped, result.Redeployed, result.Stopped));
        Assert.Contains($"busy with redeploy {redeployId}", Assert.Single(result.Sites, s => s.Outcome == RolloutOutcomes.Skipped).Error, StringComparison.Ordinal);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var own = await harness.Client.WaitForInstanceCompletionAsync(redeployId, getInputsAndOutputs: true, done.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, own.RuntimeStatus);
        Assert.Equal(own.ReadOutputAs<PublishSiteResult>()!.ReleaseId, Live[DocRoot(sites[0].Domain.Value)]);
    }

    private static string DocRoot(string domain) => "/home/clp/htdocs/" + domain;

    /// <summary>The fake server: a deploy switches the doc root's live release, a rollback switches back to <see cref="Old"/>.</summary>
    private void WireServer()
    {
        harness.Deployer.When(d => d.DeployAsync(Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>()))
            .Do(c => Live[c.ArgAt<DeployTarget>(0).DocRoot.Value] = c.ArgAt<string>(2));
        harness.Deployer.GetLiveReleaseAsync(Arg.Any<DeployTarget>(), Arg.Any<CancellationToken>())
            .Returns(c => Live.TryGetValue(c.ArgAt<DeployTarget>(0).DocRoot.Value, out var live) ? live : null);
        harness.Deployer.RollbackAsync(Arg.Any<DeployTarget>(), Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var root = c.ArgAt<DeployTarget>(0).DocRoot.Value;
            var was = Live[root];
            Live[root] = Old;
            return new DeployResult(Old, was, [Old, was]);
        });
    }

    /// <summary>Sites <c>{prefix}-{i}.example.com</c>, deployed, serving <see cref="Old"/>; in domain order.</summary>
    private async Task<List<Site>> LiveSitesAsync(string prefix, int count)
    {
        var list = new List<Site>();
        for (var i = 0; i < count; i++)
        {
            var site = await harness.AddSiteAsync($"{prefix}-{i}.example.com", gsc: false);
            await harness.ExecuteAsync("UPDATE wf.sites SET status_deployment = 'deployed' WHERE id = $1", site.Id);
            await harness.ContentStore.UpsertPageAsync(site.Id, new GeneratedPage { Slug = "about", Title = "About", MetaDescription = "About us", BodyMarkdown = "# About" });
            Live[DocRoot(site.Domain.Value)] = Old;
            list.Add(site);
        }

        return list;
    }
}
