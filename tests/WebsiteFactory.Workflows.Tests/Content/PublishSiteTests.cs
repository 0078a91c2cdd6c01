using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary><see cref="PublishSite"/> on the durable host against real PostgreSQL, with faked generator, build, deploy and Google.</summary>
public sealed class PublishSiteTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string LeakedKey = "sk-proj-Q3vX9LmT2pRz8KwY5nB7";

    private static readonly ContentSettings Fast = new()
    {
        VerificationAttempts = 3,
        VerificationFirstDelay = TimeSpan.FromMilliseconds(100),
        VerificationMaxDelay = TimeSpan.FromMilliseconds(200),
        StepMaxAttempts = 2,
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
    };

    private readonly ConcurrentDictionary<Guid, ContentStatus> contentStatusWhileGenerating = new();

    [Fact]
    public async Task PublishSite_AllStepsSucceed_StatusesReachGeneratedDeployedVerified()
    {
        var site = await harness.AddSiteAsync("publish.example.com");
        Assert.Equal((ContentStatus.Pending, DeploymentStatus.Pending, GscVerificationStatus.Pending), (site.StatusContent, site.StatusDeployment, site.GscVerificationStatus));
        this.GeneratePages(site.Id);
        var deploymentStatusWhileBuilding = DeploymentStatus.Pending;
        harness.Builder.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(async c =>
        {
            deploymentStatusWhileBuilding = (await harness.GetSiteAsync(site.Id)).StatusDeployment;
            var dir = c.ArgAt<string>(1);
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "index.html"), "<!doctype html>");
            return new SiteBuildResult(dir, 1, TimeSpan.Zero);
        });
        harness.SearchConsole.GetDnsTxtTokenAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>()).Returns("google-site-verification=tok-publish");
        harness.SearchConsole.VerifyDomainAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>())
            .Returns(DomainVerificationResult.TokenNotFound, DomainVerificationResult.Verified); // DNS propagates after one wait

        var meta = await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast));
        var result = meta.ReadOutputAs<PublishSiteResult>()!;
        var after = await harness.GetSiteAsync(site.Id);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("verified", result.SearchConsole);
        Assert.NotNull(result.ReleaseId);
        Assert.Equal(ContentStatus.Generating, this.contentStatusWhileGenerating[site.Id]);
        Assert.Equal(DeploymentStatus.Deploying, deploymentStatusWhileBuilding);
        Assert.Equal((ContentStatus.Generated, DeploymentStatus.Deployed, GscVerificationStatus.Verified), (after.StatusContent, after.StatusDeployment, after.GscVerificationStatus));
        Assert.True(string.IsNullOrEmpty(after.ErrorMessage));
        Assert.Equal(4, (await harness.ContentStore.GetPagesAsync(site.Id)).Count); // the niche's four default pages
        await harness.Deployer.Received(1).DeployAsync(
            Arg.Is<DeployTarget>(t => t.DocRoot.Value == "/home/clp/htdocs/publish.example.com" && t.Host == "203.0.113.10"), Arg.Any<string>(), result.ReleaseId!, Arg.Any<CancellationToken>());
        await harness.Cloudflare.Received(1).UpsertRecordAsync(Arg.Any<CloudflareAccount>(), after.CloudflareZoneId!, Arg.Is<DnsRecordSpec>(r => r.Type == "TXT" && r.Name == "publish.example.com" && r.Content == "google-site-verification=tok-publish"), Arg.Any<CancellationToken>());
        await harness.SearchConsole.Received(2).VerifyDomainAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());
        await harness.SearchConsole.Received(1).AddDomainPropertyAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());

        var events = (await harness.EventsAsync(site.Id)).Where(e => e.Step != "registered").ToList();
        Assert.Equal(
            new[] { "content:started", "content:succeeded", "build:started", "build:succeeded", "deploy:succeeded", "search_console:info", "search_console:succeeded" },
            events.Select(e => $"{e.Step}:{e.Outcome}"));
        Assert.StartsWith("4 pages generated, 0 kept;", events.Single(e => e.Step == "content" && e.Outcome == "succeeded").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishSite_PagesGenerated_TokenUsageInAuditEvent()
    {
        var site = await harness.AddSiteAsync("tokens.example.com", gsc: false);
        this.GeneratePages(site.Id);

        await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast));
        var events = await harness.EventsAsync(site.Id);

        // 4 pages × (10 prompt + 20 completion) tokens.
        Assert.Contains("model usage 120 tokens (prompt 40, completion 80)", events.Single(e => e.Step == "content" && e.Outcome == "succeeded").Message, StringComparison.Ordinal);
        Assert.Equal(120, (await harness.GetSiteAsync(site.Id)).ContentTokens);
    }

    [Fact]
    public async Task PublishSite_GeneratorFailsAfterTwoPages_TokensOfStoredPagesStillCounted()
    {
        var site = await harness.AddSiteAsync("half-tokens.example.com", gsc: false);
        var calls = 0;
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            if (Interlocked.Increment(ref calls) > 2)
            {
                throw new ProviderException("openai", ProviderErrorKind.Permanent, "The chat API reports insufficient_quota.");
            }

            var page = c.ArgAt<PageRequest>(1);
            return Task.FromResult(new GeneratedPageResult(
                new GeneratedPage { Slug = page.Slug, Title = page.Topic, MetaDescription = "About " + page.Topic, BodyMarkdown = "# " + page.Topic },
                new TokenUsage(10, 20, 30),
                1));
        });

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Equal(ContentStatus.Failed, after.StatusContent);
        Assert.Equal(60, after.ContentTokens); // the two stored pages' cost, counted once
        Assert.Equal(2, (await harness.ContentStore.GetPagesAsync(site.Id)).Count);
        Assert.Contains(await harness.EventsAsync(site.Id), e => e.Step == "content" && e.Outcome == "info" && e.Message.Contains("model usage 60 tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishSite_RunAgain_KeepsStoredPagesAndSpendsNoTokens()
    {
        var site = await harness.AddSiteAsync("again.example.com", gsc: false);
        this.GeneratePages(site.Id);

        var first = (await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;
        var second = (await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast))).ReadOutputAs<PublishSiteResult>()!;

        Assert.True(first.Succeeded, first.Error);
        Assert.True(second.Succeeded, second.Error);
        Assert.NotEqual(first.ReleaseId, second.ReleaseId);
        Assert.StartsWith("skipped", second.SearchConsole, StringComparison.Ordinal);
        await harness.Generator.Received(4).GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeploymentStatus.Deployed, (await harness.GetSiteAsync(site.Id)).StatusDeployment);
    }

    [Fact]
    public async Task PublishSite_ModelNeverGivesAUsablePage_TokensOfTheFailedAttemptsCounted()
    {
        var site = await harness.AddSiteAsync("wasted-tokens.example.com", gsc: false);
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ContentGenerationException("openai", "Content for page 'guide' failed after 3 attempts: the output was truncated.", new TokenUsage(300, 12000, 12300), "invalid_output"));

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast)));

        Assert.Equal("content", failure.Step);
        Assert.Equal(12300, (await harness.GetSiteAsync(site.Id)).ContentTokens);
    }

    [Fact]
    public async Task PublishSite_GeneratorPermanentFailure_InstanceFailedContentFailedWithClearReasonAndNoSecret()
    {
        // Adapters keep secrets out of their messages; this one does not, and the operator-visible columns and events
        // must still be clean (RecordFailure redacts, and so does the instance's failure message). The activity's own
        // failure event in the history keeps the adapter's message as thrown.
        var site = await harness.AddSiteAsync("bad-key.example.com");
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("openai", ProviderErrorKind.Permanent, $"The chat API rejected the API key (401 invalid_api_key); request had Authorization: Bearer {LeakedKey}"));

        var meta = await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast));
        var failure = ContentWorkflowHarness.AssertStepFailed(meta);
        var after = await harness.GetSiteAsync(site.Id);
        var events = await harness.EventsAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Contains("rejected the API key", failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(LeakedKey, meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(ContentStatus.Failed, after.StatusContent);
        Assert.Equal(DeploymentStatus.Pending, after.StatusDeployment); // nothing built or deployed
        Assert.Contains("rejected the API key", after.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(LeakedKey, after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Step == "content" && e.Outcome == "failed" && e.Message.Contains("rejected the API key", StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(LeakedKey, e.Message, StringComparison.Ordinal));

        // Permanent: no retry, and no build.
        await harness.Generator.Received(1).GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task PublishSite_SiteWithoutNiche_ContentFailedBeforeAnyCall()
    {
        var site = await harness.AddSiteAsync("no-niche.example.com", niche: null);

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Equal(ContentStatus.Failed, after.StatusContent);
        Assert.Contains("has no niche", after.ErrorMessage, StringComparison.Ordinal);
        await harness.Generator.DidNotReceive().GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task PublishSite_DeployPermanentFailure_DeploymentFailedContentKept()
    {
        var site = await harness.AddSiteAsync("hostkey.example.com");
        this.GeneratePages(site.Id);
        harness.Deployer.DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/hostkey.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("rsync", ProviderErrorKind.Permanent, "Host key of 203.0.113.10 does not match the pinned fingerprint."));

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("deploy", failure.Step);
        Assert.Contains("does not match the pinned fingerprint", failure.Reason, StringComparison.Ordinal);
        Assert.Equal((ContentStatus.Generated, DeploymentStatus.Failed, GscVerificationStatus.Pending), (after.StatusContent, after.StatusDeployment, after.GscVerificationStatus));
        Assert.Contains("does not match the pinned fingerprint", after.ErrorMessage, StringComparison.Ordinal);
        await harness.SearchConsole.DidNotReceive().GetDnsTxtTokenAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task PublishSite_TokenNeverVisible_SearchConsoleFailedAfterAttempts()
    {
        var site = await harness.AddSiteAsync("slow-dns.example.com");
        this.GeneratePages(site.Id);
        harness.SearchConsole.GetDnsTxtTokenAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>()).Returns("google-site-verification=tok-slow");
        harness.SearchConsole.VerifyDomainAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>()).Returns(DomainVerificationResult.TokenNotFound);

        var failure = ContentWorkflowHarness.AssertStepFailed(await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, Fast)));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("search_console", failure.Step);
        Assert.Equal("Google did not see the verification TXT record after 3 attempts.", failure.Reason);
        Assert.Equal((DeploymentStatus.Deployed, GscVerificationStatus.Failed), (after.StatusDeployment, after.GscVerificationStatus));
        Assert.Contains("after 3 attempts", after.ErrorMessage, StringComparison.Ordinal);
        await harness.SearchConsole.Received(3).VerifyDomainAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());
        await harness.SearchConsole.DidNotReceive().AddDomainPropertyAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>());
    }

    private void GeneratePages(Guid siteId) =>
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == siteId), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(async c =>
        {
            this.contentStatusWhileGenerating[siteId] = (await harness.Services.GetRequiredService<ISiteStateStore>().GetAsync(siteId))!.StatusContent;
            var page = c.ArgAt<PageRequest>(1);
            return new GeneratedPageResult(
                new GeneratedPage { Slug = page.Slug, Title = page.Topic, MetaDescription = "About " + page.Topic, BodyMarkdown = "# " + page.Topic },
                new TokenUsage(10, 20, 30),
                1);
        });
}
