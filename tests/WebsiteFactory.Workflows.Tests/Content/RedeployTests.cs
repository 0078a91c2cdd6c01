using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary><see cref="Redeploy"/> on the durable host: stored content built into a new release and switched live, no model calls.</summary>
public sealed class RedeployTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private static readonly ContentSettings Fast = new()
    {
        StepMaxAttempts = 2,
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Redeploy_StoredContent_BuildsWithoutGeneratorAndSwitchesToNewRelease()
    {
        var site = await harness.AddSiteAsync("redeploy.example.com", matomoSiteId: 42);
        var stored = new[] { Page("about"), Page("guide") };
        foreach (var page in stored)
        {
            await harness.ContentStore.UpsertPageAsync(site.Id, page);
        }

        var meta = await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast with { MatomoUrl = "https://stats.example.net/" }));
        var result = meta.ReadOutputAs<PublishSiteResult>()!;
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("skipped", result.SearchConsole);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", result.ReleaseId);
        await harness.Generator.DidNotReceive().GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        await harness.Builder.Received(1).BuildAsync(
            Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id && r.Pages.Select(p => p.Slug).SequenceEqual(new[] { "about", "guide" })
                && r.MatomoSiteId == 42 && r.MatomoUrl == new Uri("https://stats.example.net/")),
            Path.Combine(harness.ArtifactsDirectory, site.Id.ToString("N"), result.ReleaseId!),
            Arg.Any<CancellationToken>());
        await harness.Deployer.Received(1).DeployAsync(
            Arg.Is<DeployTarget>(t => t.Host == "203.0.113.10" && t.User == "clp" && t.DocRoot.Value == "/home/clp/htdocs/redeploy.example.com"),
            Path.Combine(harness.ArtifactsDirectory, site.Id.ToString("N"), result.ReleaseId!),
            result.ReleaseId!,
            Arg.Any<CancellationToken>());
        Assert.Equal((ContentStatus.Pending, DeploymentStatus.Deployed), (after.StatusContent, after.StatusDeployment));
        Assert.Equal(stored, await harness.ContentStore.GetPagesAsync(site.Id));
        Assert.False(Directory.Exists(Path.Combine(harness.ArtifactsDirectory, site.Id.ToString("N"))), "the deployed build and the emptied site folder are cleaned up");

        var events = (await harness.EventsAsync(site.Id)).Where(e => e.Step != "registered").ToList();
        Assert.Equal(new[] { "build:started", "build:succeeded", "deploy:succeeded" }, events.Select(e => $"{e.Step}:{e.Outcome}"));
        Assert.Contains($"Release {result.ReleaseId} is live", events[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeploy_Twice_EachRunSwitchesToItsOwnRelease()
    {
        var site = await harness.AddSiteAsync("redeploy-twice.example.com", gsc: false);
        await harness.ContentStore.UpsertPageAsync(site.Id, Page("guide"));
        var previous = (string?)null;
        harness.Deployer.DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/redeploy-twice.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(c =>
            {
                var release = c.ArgAt<string>(2);
                var result = new DeployResult(release, previous, previous is null ? [release] : [previous, release]);
                previous = release;
                return result;
            });

        var first = (await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;
        var second = (await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;

        Assert.True(first.Succeeded, first.Error);
        Assert.True(second.Succeeded, second.Error);
        Assert.NotEqual(first.ReleaseId, second.ReleaseId);
        await harness.Deployer.Received(1).DeployAsync(Arg.Any<DeployTarget>(), Arg.Any<string>(), first.ReleaseId!, Arg.Any<CancellationToken>());
        await harness.Deployer.Received(1).DeployAsync(Arg.Any<DeployTarget>(), Arg.Any<string>(), second.ReleaseId!, Arg.Any<CancellationToken>());
        var deploys = (await harness.EventsAsync(site.Id)).Where(e => e.Step == "deploy").Select(e => e.Message).ToList();
        Assert.Equal(2, deploys.Count);
        Assert.Contains($"Release {second.ReleaseId} is live (previous: {first.ReleaseId};", deploys[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeploy_NoStoredContent_BuildFailsAndNothingIsDeployed()
    {
        var site = await harness.AddSiteAsync("redeploy-empty.example.com", gsc: false);

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("build", failure.Step);
        Assert.Contains("no pages for redeploy-empty.example.com; generate content first", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Failed, after.StatusDeployment);
        Assert.Contains("generate content first", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(await harness.EventsAsync(site.Id), e => e.Step == "build" && e.Outcome == "failed" && e.Message.Contains("generate content first", StringComparison.Ordinal));
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/redeploy-empty.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Redeploy_BuildFails_DeploymentFailedAndLiveSiteNotTouched()
    {
        var site = await harness.AddSiteAsync("redeploy-broken.example.com", gsc: false);
        await harness.ContentStore.UpsertPageAsync(site.Id, Page("guide"));
        harness.Builder.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("astro", ProviderErrorKind.Permanent, "astro build failed: [vite] Could not resolve './Layout.astro'"));

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("build", failure.Step);
        Assert.Equal(DeploymentStatus.Failed, after.StatusDeployment);
        Assert.Contains("Could not resolve", after.ErrorMessage, StringComparison.Ordinal);
        await harness.Builder.Received(1).BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/redeploy-broken.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Redeploy_SiteWithoutDocRoot_DeployFailsClearly()
    {
        var site = await harness.AddSiteAsync("redeploy-nodocroot.example.com", gsc: false);
        await harness.ContentStore.UpsertPageAsync(site.Id, Page("guide"));
        await harness.ExecuteAsync("UPDATE wf.sites SET hosting_doc_root = NULL WHERE id = $1", site.Id);

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("deploy", failure.Step);
        Assert.Contains("has no hosting doc root yet", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Failed, after.StatusDeployment);
        Assert.Contains(await harness.EventsAsync(site.Id), e => e.Step == "deploy" && e.Outcome == "failed" && e.Message.Contains("has no hosting doc root yet", StringComparison.Ordinal));
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/redeploy-nodocroot.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Redeploy_UnknownSite_FailsWithClearReasonAndCallsNothing()
    {
        var unknown = Guid.NewGuid();

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(Redeploy.Name, new PublishSiteInput(unknown, Fast)));

        Assert.Equal("build", failure.Step);
        Assert.Equal($"Site {unknown} does not exist.", failure.Reason);
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == unknown), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    private static GeneratedPage Page(string slug) =>
        new() { Slug = slug, Title = "Title " + slug, MetaDescription = "About " + slug, BodyMarkdown = "# " + slug };
}
