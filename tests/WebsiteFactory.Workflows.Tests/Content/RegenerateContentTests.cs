using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary><see cref="RegenerateContent"/> on the durable host: every page rewritten in place, then built and deployed.</summary>
public sealed class RegenerateContentTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private static readonly ContentSettings Fast = new()
    {
        StepMaxAttempts = 2,
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task RegenerateContent_PagesAlreadyStored_OverwritesEveryPageAndDeploysNewRelease()
    {
        var site = await harness.AddSiteAsync("regen.example.com");
        this.GeneratePages(site.Id, "v1");
        var published = (await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast with { SkipSearchConsole = true }))).ReadOutputAs<PublishSiteResult>()!;
        Assert.True(published.Succeeded, published.Error);
        harness.Generator.ClearReceivedCalls();
        this.GeneratePages(site.Id, "v2");

        var meta = await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, Fast));
        var result = meta.ReadOutputAs<PublishSiteResult>()!;
        var after = await harness.GetSiteAsync(site.Id);
        var pages = await harness.ContentStore.GetPagesAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.FailedStep);
        Assert.NotNull(result.ReleaseId);
        Assert.NotEqual(published.ReleaseId, result.ReleaseId);
        Assert.Equal("skipped", result.SearchConsole);

        // Same four slugs (no duplicates), every one rewritten by the second generation.
        Assert.Equal(new[] { "about", "common-mistakes", "getting-started", "guide" }, pages.Select(p => p.Slug));
        Assert.All(pages, p => Assert.StartsWith("v2 ", p.BodyMarkdown, StringComparison.Ordinal));
        await harness.Generator.Received(4).GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());

        // The regenerated pages are what the new release was built from, and that release went live.
        await harness.Builder.Received(1).BuildAsync(
            Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id && r.Pages.Count == 4 && r.Pages.All(p => p.BodyMarkdown.StartsWith("v2 ", StringComparison.Ordinal))),
            Arg.Any<string>(),
            Arg.Any<CancellationToken>());
        await harness.Deployer.Received(1).DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value == "/home/clp/htdocs/regen.example.com"), Arg.Any<string>(), result.ReleaseId!, Arg.Any<CancellationToken>());
        Assert.Equal((ContentStatus.Generated, DeploymentStatus.Deployed), (after.StatusContent, after.StatusDeployment));

        var events = (await harness.EventsAsync(site.Id)).Select(e => $"{e.Step}:{e.Outcome}").ToList();
        Assert.Equal(
            new[] { "content:started", "content:succeeded", "build:started", "build:succeeded", "deploy:succeeded" },
            events.Skip(events.LastIndexOf("content:started")));
        Assert.StartsWith("4 pages generated, 0 kept;", (await harness.EventsAsync(site.Id)).Last(e => e.Step == "content" && e.Outcome == "succeeded").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegenerateContent_StepRetriedAfterThirdPage_PaysForEveryPageOnce_AndALaterRunRewritesAllAgain()
    {
        var site = await harness.AddSiteAsync("regen-retry.example.com");
        this.GeneratePages(site.Id, "v1");
        await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast with { SkipSearchConsole = true }));
        var tokensBefore = (await harness.GetSiteAsync(site.Id)).ContentTokens;

        // The model answers pages 1-2, then fails once (the step is retried), then answers the rest.
        var calls = 0;
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            if (Interlocked.Increment(ref calls) == 3)
            {
                throw new ProviderException("openai", ProviderErrorKind.Transient, "Chat completions request failed: connection reset.");
            }

            var page = c.ArgAt<PageRequest>(1);
            return Task.FromResult(new GeneratedPageResult(
                new GeneratedPage { Slug = page.Slug, Title = page.Topic, MetaDescription = "About " + page.Topic, BodyMarkdown = $"v2 # {page.Topic}" },
                new TokenUsage(10, 20, 30),
                1));
        });

        var result = (await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, Fast), instanceId: "regenerate-regen-retry.example.com")).ReadOutputAs<PublishSiteResult>()!;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(5, calls); // 4 pages + the failed call; the retry did not rewrite pages 1-2
        Assert.All(await harness.ContentStore.GetPagesAsync(site.Id), p => Assert.StartsWith("v2 ", p.BodyMarkdown, StringComparison.Ordinal));
        Assert.Equal(tokensBefore + 120, (await harness.GetSiteAsync(site.Id)).ContentTokens);

        // The same instance id run again later is a new regeneration: every page is rewritten.
        var again = (await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, Fast), instanceId: "regenerate-regen-retry.example.com")).ReadOutputAs<PublishSiteResult>()!;
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(9, calls);
        Assert.Equal(tokensBefore + 240, (await harness.GetSiteAsync(site.Id)).ContentTokens);
    }

    [Fact]
    public async Task RegenerateContent_SiteWithGscAccount_DoesNotRunSearchConsole()
    {
        var site = await harness.AddSiteAsync("regen-gsc.example.com", gsc: true);
        this.GeneratePages(site.Id, "v1");

        var result = (await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("skipped", result.SearchConsole);
        Assert.Equal(GscVerificationStatus.Pending, (await harness.GetSiteAsync(site.Id)).GscVerificationStatus);
        await harness.SearchConsole.DidNotReceive().GetDnsTxtTokenAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task RegenerateContent_GeneratorFailsPermanently_InstanceFailedAndLiveReleaseUntouched()
    {
        var site = await harness.AddSiteAsync("regen-fail.example.com", gsc: false);
        this.GeneratePages(site.Id, "v1");
        var published = (await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;
        Assert.True(published.Succeeded, published.Error);
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("openai", ProviderErrorKind.Permanent, "The model's monthly quota is exhausted."));
        harness.Builder.ClearReceivedCalls();
        harness.Deployer.ClearReceivedCalls();

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Contains("quota is exhausted", failure.Reason, StringComparison.Ordinal);
        Assert.Equal((ContentStatus.Failed, DeploymentStatus.Deployed), (after.StatusContent, after.StatusDeployment));
        Assert.Contains("quota is exhausted", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("content:failed", (await harness.EventsAsync(site.Id)).Select(e => $"{e.Step}:{e.Outcome}").Last());
        Assert.All(await harness.ContentStore.GetPagesAsync(site.Id), p => Assert.StartsWith("v1 ", p.BodyMarkdown, StringComparison.Ordinal));
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/regen-fail.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task RegenerateContent_InvalidPageSlug_ContentFailedBeforeAnyModelCall()
    {
        var site = await harness.AddSiteAsync("regen-slug.example.com", gsc: false);
        this.GeneratePages(site.Id, "v1");
        var settings = Fast with { Pages = [new PageRequest("guide", "A guide"), new PageRequest("Bad Slug!", "Broken")] };

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, settings)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Equal(ContentStatus.Failed, after.StatusContent);
        Assert.Contains("'Bad Slug!' is invalid", after.ErrorMessage, StringComparison.Ordinal);
        await harness.Generator.DidNotReceive().GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        Assert.Empty(await harness.ContentStore.GetPagesAsync(site.Id));
    }

    [Fact]
    public async Task RegenerateContent_UnknownSite_FailsWithClearReasonAndCallsNothing()
    {
        var unknown = Guid.NewGuid();

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(RegenerateContent.Name, new PublishSiteInput(unknown, Fast)));

        Assert.Equal("content", failure.Step);
        Assert.Equal($"Site {unknown} does not exist.", failure.Reason);
        await harness.Generator.DidNotReceive().GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == unknown), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == unknown), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    private void GeneratePages(Guid siteId, string version) =>
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == siteId), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var page = c.ArgAt<PageRequest>(1);
            return new GeneratedPageResult(
                new GeneratedPage { Slug = page.Slug, Title = page.Topic, MetaDescription = "About " + page.Topic, BodyMarkdown = $"{version} # {page.Topic}" },
                new TokenUsage(10, 20, 30),
                1);
        });
}
