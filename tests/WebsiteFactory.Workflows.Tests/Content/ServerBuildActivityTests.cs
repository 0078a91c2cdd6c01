using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Tests.Hosting;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary>
/// The build and deploy steps with an <see cref="IServerSiteBuilder"/> (<c>Content:Build:Mode = Remote</c>): the build
/// runs on the site's server, and the deploy step, on whichever worker, only switches to the release there.
/// </summary>
public sealed class ServerBuildActivityTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string Release = "20260201T000000Z-5e4b3c2a";

    [Fact]
    public async Task BuildSite_WithServerBuilder_BuildsOnTheSiteServerAndNothingLocally()
    {
        var site = await SiteWithPagesAsync("remote-build.example.com");
        var server = Server(ServerReleaseState.Missing);
        var activity = ActivatorUtilities.CreateInstance<BuildSiteActivity>(harness.Services, server);

        var output = await activity.RunAsync(new TestActivityContext(BuildSiteActivity.Name, "remote-build"), Input(site, "build"));

        Assert.Equal(Release, output.ReleaseId);
        Assert.Equal(7, output.FileCount);
        Assert.Equal("clp@203.0.113.10:/home/clp/htdocs/.remote-build.example.com.releases", output.OutputDirectory);
        await server.Received(1).BuildAsync(
            Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id && r.Pages.Count == 1),
            Arg.Is<DeployTarget>(t => t.DocRoot.Value == "/home/clp/htdocs/remote-build.example.com"),
            Release,
            Arg.Any<CancellationToken>());
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        Assert.False(Directory.Exists(Path.Combine(harness.ArtifactsDirectory, site.Id.ToString("N"), Release)));
    }

    [Fact]
    public async Task DeploySite_ReleaseBuiltOnServer_OnlySwitchesToIt()
    {
        var site = await SiteWithPagesAsync("remote-switch.example.com");
        var server = Server(ServerReleaseState.Built);
        harness.Deployer.ActivateAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/remote-switch.example.com", StringComparison.Ordinal)), Release, Arg.Any<CancellationToken>())
            .Returns(new DeployResult(Release, "20260101T000000Z-old", [Release]));
        var activity = ActivatorUtilities.CreateInstance<DeploySiteActivity>(harness.Services, server);

        var live = await activity.RunAsync(new TestActivityContext(DeploySiteActivity.Name, "remote-switch"), Input(site, "deploy"));

        Assert.Equal(Release, live);
        await server.DidNotReceive().BuildAsync(Arg.Any<SiteBuildRequest>(), Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/remote-switch.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeploymentStatus.Deployed, (await harness.GetSiteAsync(site.Id)).StatusDeployment);
    }

    [Fact]
    public async Task DeploySite_ServerLostTheRelease_BuildsItThereThenSwitches()
    {
        var site = await SiteWithPagesAsync("remote-lost.example.com");
        var server = Server(ServerReleaseState.Missing);
        harness.Deployer.ActivateAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/remote-lost.example.com", StringComparison.Ordinal)), Release, Arg.Any<CancellationToken>())
            .Returns(new DeployResult(Release, null, [Release]));
        var activity = ActivatorUtilities.CreateInstance<DeploySiteActivity>(harness.Services, server);

        var live = await activity.RunAsync(new TestActivityContext(DeploySiteActivity.Name, "remote-lost"), Input(site, "deploy"));

        Assert.Equal(Release, live);
        Received.InOrder(() =>
        {
            server.BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<DeployTarget>(), Release, Arg.Any<CancellationToken>());
            harness.Deployer.ActivateAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/remote-lost.example.com", StringComparison.Ordinal)), Release, Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task DeploySite_RetriedAfterTheSwitch_NeitherBuildsNorSwitches()
    {
        var site = await SiteWithPagesAsync("remote-live.example.com");
        var server = Server(ServerReleaseState.Live);
        var activity = ActivatorUtilities.CreateInstance<DeploySiteActivity>(harness.Services, server);

        var live = await activity.RunAsync(new TestActivityContext(DeploySiteActivity.Name, "remote-live"), Input(site, "deploy"));

        Assert.Equal(Release, live);
        await server.DidNotReceive().BuildAsync(Arg.Any<SiteBuildRequest>(), Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().ActivateAsync(Arg.Is<DeployTarget>(t => t.DocRoot.Value.EndsWith("/remote-live.example.com", StringComparison.Ordinal)), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    private static IServerSiteBuilder Server(ServerReleaseState state)
    {
        var server = Substitute.For<IServerSiteBuilder>();
        server.FindAsync(Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(c => new ServerRelease(c.ArgAt<string>(1), state, state == ServerReleaseState.Missing ? 0 : 7));
        server.BuildAsync(Arg.Any<SiteBuildRequest>(), Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(new SiteBuildResult("/home/clp/htdocs/.x.releases/.partial-" + Release, 7, TimeSpan.FromSeconds(1)));
        return server;
    }

    private static ContentStepInput Input(Site site, string step) => new(site.Id, $"remote-{site.Id:N}:run:{step}", new ContentSettings(), Release);

    private async Task<Site> SiteWithPagesAsync(string domain)
    {
        var site = await harness.AddSiteAsync(domain, gsc: false);
        await harness.ContentStore.UpsertPageAsync(site.Id, new GeneratedPage { Slug = "guide", Title = "Guide", MetaDescription = "About", BodyMarkdown = "# Guide" });
        return site;
    }
}
