using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary>The Search Console TXT step of <see cref="PublishSite"/> when the apex already holds other TXT records.</summary>
public sealed class PublishVerificationTokenTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    [Fact]
    public async Task PublishSite_ApexHasSpfRecord_PublishesTokenBesideItAndVerifies()
    {
        var site = await harness.AddSiteAsync("spf-apex.example.com");
        harness.Generator.GeneratePageAsync(Arg.Is<SiteBrief>(b => b.SiteId == site.Id), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(c =>
            new GeneratedPageResult(
                new GeneratedPage { Slug = c.ArgAt<PageRequest>(1).Slug, Title = "T", MetaDescription = "M", BodyMarkdown = "# B" },
                new TokenUsage(1, 1, 2),
                1));
        harness.Cloudflare.ListRecordsAsync(Arg.Any<CloudflareAccount>(), site.CloudflareZoneId!, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns([new DnsRecord("spf-record", "TXT", "spf-apex.example.com", "\"v=spf1 include:_spf.google.com ~all\"", 1, false)]);
        harness.SearchConsole.GetDnsTxtTokenAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>()).Returns("google-site-verification=tok-spf");
        harness.SearchConsole.VerifyDomainAsync(Arg.Any<GscAccount>(), site.Domain, Arg.Any<CancellationToken>()).Returns(DomainVerificationResult.Verified);

        var result = (await harness.RunAsync(PublishSite.Name, new PublishSiteInput(site.Id, new ContentSettings { StepMaxAttempts = 1 }))).ReadOutputAs<PublishSiteResult>()!;
        var after = await harness.GetSiteAsync(site.Id);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("verified", result.SearchConsole);
        Assert.Equal(GscVerificationStatus.Verified, after.GscVerificationStatus);
        await harness.Cloudflare.Received(1).UpsertRecordAsync(
            Arg.Any<CloudflareAccount>(), site.CloudflareZoneId!, Arg.Is<DnsRecordSpec>(r => r.Type == "TXT" && r.Name == "spf-apex.example.com" && r.Content == "google-site-verification=tok-spf"), Arg.Any<CancellationToken>());
        await harness.Cloudflare.DidNotReceive().DeleteRecordAsync(Arg.Any<CloudflareAccount>(), site.CloudflareZoneId!, Arg.Any<string>(), Arg.Any<CancellationToken>());
        Assert.True(after.RecordIds.TryGetValue("TXT google-site-verification", out var recordId));
        Assert.NotEqual("spf-record", recordId);
    }
}
