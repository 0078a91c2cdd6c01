using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Tests.Hosting;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary>The deploy step run directly, as a retried delivery would run it on another worker.</summary>
public sealed class DeploySiteActivityTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string Release = "20260101T000000Z-0a1b2c3d";

    [Fact]
    public async Task DeploySite_RetriedAfterTheSwitchOnAWorkerWithoutTheBuild_ReportsLiveWithoutRebuilding()
    {
        var site = await harness.AddSiteAsync("retry-live.example.com", gsc: false);
        harness.Deployer.GetLiveReleaseAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/retry-live.example.com", StringComparison.Ordinal)), Arg.Any<CancellationToken>())
            .Returns(Release);
        var activity = ActivatorUtilities.CreateInstance<DeploySiteActivity>(harness.Services);

        var live = await activity.RunAsync(new TestActivityContext(DeploySiteActivity.Name, "publish-retry"), new ContentStepInput(site.Id, "publish-retry:run:deploy", new ContentSettings(), Release));

        Assert.Equal(Release, live);
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/retry-live.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeploymentStatus.Deployed, (await harness.GetSiteAsync(site.Id)).StatusDeployment);
    }
}
