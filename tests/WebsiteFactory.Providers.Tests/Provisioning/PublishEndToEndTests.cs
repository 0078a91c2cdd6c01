using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// A site's whole life on the real stack: ProvisionSite with publishing on (chat and Directus simulators, a real
/// <c>astro build</c>, rsync over the real sshd, Search Console verification through simulated public DNS), then the
/// operator actions redeploy, rollback and regenerate, each checked on the files the server serves.
/// </summary>
public sealed class PublishEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private const string Domain = "publish-e2e.com";

    [Fact]
    public async Task ProvisionSite_WithPublish_LiveAndVerified_ThenRedeployRollbackRegenerate()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync(Domain, niche: "home coffee");

        // Provision end to end.
        var provisioned = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastPublishSettings), "life-1", seconds: 240);
        var result = provisioned.ReadOutputAs<ProvisionSiteResult>()!;
        Assert.True(result.Succeeded, result.Error);
        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(
            (DnsStatus.Active, HostingStatus.Active, ContentStatus.Generated, DeploymentStatus.Deployed, GscVerificationStatus.Verified),
            (after.StatusDns, after.StatusHosting, after.StatusContent, after.StatusDeployment, after.GscVerificationStatus));
        var docRoot = after.HostingDocRoot!;
        var firstRelease = LiveRelease(docRoot);
        var home = await File.ReadAllTextAsync(Path.Combine(docRoot, "index.html"));
        Assert.Contains("Test brand", home, StringComparison.Ordinal);
        Assert.Contains($"matomoSiteId = \"{after.MatomoSiteId}\"", home, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(docRoot, "sitemap.xml")));
        Assert.Equal(4, h.Simulators.Content.Directus.CountItems("wf_pages"));
        Assert.True(h.Simulators.Content.SearchConsole.HasProperty(Simulators.Content.ContentSimulators.GoogleUser, "sc-domain:" + Domain));
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountRecords(Domain, "TXT"));
        var generated = h.Simulators.Content.Chat.RequestCount;
        Assert.Equal(4, generated);

        // Redeploy: a new release from the stored pages, no model call.
        var redeployed = (await h.RunAsync(Redeploy.Name, new PublishSiteInput(site.Id, ProvisioningHarness.FastContent), "life-redeploy", seconds: 120)).ReadOutputAs<PublishSiteResult>()!;
        Assert.True(redeployed.Succeeded, redeployed.Error);
        Assert.NotEqual(firstRelease, redeployed.ReleaseId);
        Assert.Equal(redeployed.ReleaseId, LiveRelease(docRoot));
        Assert.Equal(generated, h.Simulators.Content.Chat.RequestCount);

        // Rollback: the first release is live again, instantly (a symlink swap).
        var rollback = await h.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, ProvisioningHarness.FastContent), "life-rollback");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, rollback.RuntimeStatus);
        Assert.Equal(firstRelease, rollback.ReadOutputAs<string>());
        Assert.Equal(firstRelease, LiveRelease(docRoot));

        // Regenerate: every page rewritten by the model, upserted in place, built and deployed.
        var regenerated = (await h.RunAsync(RegenerateContent.Name, new PublishSiteInput(site.Id, ProvisioningHarness.FastContent), "life-regenerate", seconds: 120)).ReadOutputAs<PublishSiteResult>()!;
        Assert.True(regenerated.Succeeded, regenerated.Error);
        Assert.Equal(generated + 4, h.Simulators.Content.Chat.RequestCount);
        Assert.Equal(4, h.Simulators.Content.Directus.CountItems("wf_pages"));
        Assert.Equal(regenerated.ReleaseId, LiveRelease(docRoot));
        Assert.Equal(DeploymentStatus.Deployed, (await h.GetSiteAsync(site.Id)).StatusDeployment);

        await h.AssertNoVisibleSecretsAsync(["life-1", "life-1:publish", "life-redeploy", "life-rollback", "life-regenerate"]);
    }

    /// <summary>The release the doc root's symlink points at (what nginx serves).</summary>
    private static string LiveRelease(string docRoot) => Path.GetFileName(new DirectoryInfo(docRoot).LinkTarget!.TrimEnd('/'));
}
