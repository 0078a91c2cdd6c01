using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Build;

/// <summary>
/// The remote publish path end to end against the real loopback sshd: the Astro build runs on the "server" (node there,
/// none needed here), the release waits beside the doc root, and a deployer switches to it by id only.
/// </summary>
[Collection(ServerBuildServer.Name)]
public sealed class ServerSiteBuilderTests : IDisposable
{
    private readonly LoopbackSshServer _server;
    private readonly string _local = Path.Combine(Path.GetTempPath(), "wf-server-build-tests-" + Guid.NewGuid().ToString("N"));

    public ServerSiteBuilderTests(SshdFixture fixture) => _server = fixture.Server;

    public void Dispose()
    {
        if (Directory.Exists(_local))
        {
            Directory.Delete(_local, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAsync_ThenActivate_ServesTheSameFilesAsLocalBuildAndRsyncDeploy()
    {
        var request = AstroSiteBuilderTests.Request("same");
        var remote = new ServerBuildSite(_server);
        var local = new ServerBuildSite(_server);

        var built = await remote.Builder().BuildAsync(request, remote.Target(), "20260301T000000Z-remote");
        var deployed = await remote.Deployer().ActivateAsync(remote.Target(), "20260301T000000Z-remote");

        using (var astro = AstroSiteBuilderTests.Builder())
        {
            var output = Path.Combine(_local, "out");
            await astro.BuildAsync(request, output);
            await RsyncDeployer().DeployAsync(local.Target(), output, "20260301T000000Z-local");
        }

        Assert.Equal("20260301T000000Z-remote", deployed.ReleaseId);
        Assert.Equal("20260301T000000Z-remote", remote.LiveRelease());
        Assert.Equal("20260301T000000Z-local", local.LiveRelease());
        var remoteFiles = Hashes(remote.DocRoot);
        Assert.Equal(Hashes(local.DocRoot), remoteFiles);
        Assert.Equal(remoteFiles.Count, built.FileCount);
        Assert.Contains("First same", remote.LiveFile(Path.Combine("first", "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_AfterKilledBuildAndFailedBuild_RebuildsCleanAndNeverServesTheHalfBuild()
    {
        var site = new ServerBuildSite(_server);
        const string id = "20260302T000000Z-retry";
        await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("v1"), site.Target(), "20260302T000000Z-first");
        await site.Deployer().ActivateAsync(site.Target(), "20260302T000000Z-first");

        // A build of `id` killed part way: an incomplete output under its name, without the "built" marker.
        var half = Path.Combine(site.Releases, ".partial-" + id);
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, "half.html"), "half");
        _server.CreateUserDirectory(half);
        var fresh = site.Builder();
        Assert.Equal(ServerReleaseState.Missing, (await fresh.FindAsync(site.Target(), id)).State);

        // Then an attempt that fails (a broken template version): nothing live changes, the half build is not completed.
        var broken = ServerBuildSite.TemplateCopy(Path.Combine(_local, "broken"), t =>
            File.AppendAllText(Path.Combine(t, "src", "pages", "index.astro"), "\n<div>{ this is not javascript </div>\n"));
        var failure = await Assert.ThrowsAsync<ProviderException>(() => site.Builder(broken).BuildAsync(AstroSiteBuilderTests.Request("v2"), site.Target(), id));
        Assert.Equal("astro-build", failure.VendorCode);
        Assert.Equal("20260302T000000Z-first", site.LiveRelease());
        Assert.Equal(ServerReleaseState.Missing, (await fresh.FindAsync(site.Target(), id)).State);

        // The retry (any worker) builds the release whole and switches to it.
        var built = await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("v2"), site.Target(), id);
        Assert.Equal(ServerReleaseState.Built, (await fresh.FindAsync(site.Target(), id)).State);
        var again = await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("v2"), site.Target(), id);
        await site.Deployer().ActivateAsync(site.Target(), id);

        Assert.Equal(id, site.LiveRelease());
        Assert.False(File.Exists(Path.Combine(site.DocRoot, "half.html")));
        Assert.Contains("First v2", site.LiveFile(Path.Combine("first", "index.html")), StringComparison.Ordinal);
        Assert.Equal(built.FileCount, again.FileCount);
        Assert.Equal(1, site.CountLogs("is already on the server"));
        Assert.False(File.Exists(Path.Combine(site.Releases, ".partial-" + id + ".built")));
        Assert.Equal(ServerReleaseState.Live, (await fresh.FindAsync(site.Target(), id)).State);
    }

    [Fact]
    public async Task RollbackAsync_AfterTwoServerBuilds_SwitchesBackToThePreviousRelease()
    {
        var site = new ServerBuildSite(_server);
        await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("one"), site.Target(), "20260303T000000Z-a");
        await site.Deployer().ActivateAsync(site.Target(), "20260303T000000Z-a");
        await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("two"), site.Target(), "20260303T000001Z-b");
        var second = await site.Deployer().ActivateAsync(site.Target(), "20260303T000001Z-b");
        Assert.Contains("First two", site.LiveFile(Path.Combine("first", "index.html")), StringComparison.Ordinal);

        var rolledBack = await site.Deployer().RollbackAsync(site.Target(), "op-1");
        var retried = await site.Deployer().RollbackAsync(site.Target(), "op-1");

        Assert.Equal("20260303T000000Z-a", second.PreviousReleaseId);
        Assert.Equal("20260303T000000Z-a", rolledBack.ReleaseId);
        Assert.Equal("20260303T000000Z-a", retried.ReleaseId);
        Assert.Equal("20260303T000000Z-a", site.LiveRelease());
        Assert.Contains("First one", site.LiveFile(Path.Combine("first", "index.html")), StringComparison.Ordinal);

        // The second build's template and dependencies were on the server already: nothing uploaded or installed again.
        Assert.True(site.CountLogs("Uploaded site template version") <= 1);
        Assert.Single(Directory.GetDirectories(Path.Combine(site.Cache, "deps")), d => !Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public async Task ActivateAsync_FromAnotherInstance_SwitchesWithOnlyTheReleaseId()
    {
        var site = new ServerBuildSite(_server);
        const string id = "20260304T000000Z-elsewhere";

        // The build step on one instance...
        await site.Builder().BuildAsync(AstroSiteBuilderTests.Request("moved"), site.Target(), id);

        // ...and the deploy step on another: fresh objects, own secret store, no local build output anywhere.
        var otherBuilder = site.Builder();
        var otherDeployer = site.Deployer();
        var found = await otherBuilder.FindAsync(site.Target(), id);
        var result = await otherDeployer.ActivateAsync(site.Target(), id);
        var repeated = await otherDeployer.ActivateAsync(site.Target(), id);

        Assert.Equal(ServerReleaseState.Built, found.State);
        Assert.True(found.FileCount > 3);
        Assert.Equal(id, result.ReleaseId);
        Assert.Equal(id, repeated.ReleaseId);
        Assert.Equal(id, site.LiveRelease());
        Assert.Equal(id, await otherDeployer.GetLiveReleaseAsync(site.Target()));
        Assert.Contains("First moved", site.LiveFile(Path.Combine("first", "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivateAsync_ReleaseNeverBuilt_TransientAndLiveUnchanged()
    {
        var site = new ServerBuildSite(_server);

        var e = await Assert.ThrowsAsync<ProviderException>(() => site.Deployer().ActivateAsync(site.Target(), "20260305T000000Z-none"));

        Assert.Equal(ProviderErrorKind.Transient, e.Kind);
        Assert.Equal("release-missing", e.VendorCode);
        Assert.Null(site.LiveRelease());
        Assert.Equal("<html>placeholder</html>", site.LiveFile("index.html"));
    }

    [Fact]
    public async Task BuildAsync_NodeDirectoryWithoutNode_PermanentNamesTheSettingAndChangesNothing()
    {
        var site = new ServerBuildSite(_server);
        var empty = _server.CreateUserDirectory(Path.Combine(_server.RootDirectory, "no-node-" + Guid.NewGuid().ToString("N")[..6]));

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            site.Builder(configure: o => o.NodeDirectory = empty).BuildAsync(AstroSiteBuilderTests.Request(), site.Target(), "20260306T000000Z-x"));

        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("node-missing", e.VendorCode);
        Assert.Contains("Content:Build:Remote:NodeDirectory", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(site.Releases));
    }

    [Fact]
    public async Task BuildAsync_WrongHostKey_RefusesBeforeAnythingRuns()
    {
        var site = new ServerBuildSite(_server);

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            site.Builder().BuildAsync(AstroSiteBuilderTests.Request(), site.Target(fingerprint: "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=')), "20260307T000000Z-x"));

        Assert.Equal("host-key", e.VendorCode);
        Assert.False(Directory.Exists(site.Releases));
    }

    private RsyncSiteDeployer RsyncDeployer()
    {
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync(ServerBuildSite.KeySecret, Arg.Any<CancellationToken>()).Returns(_ => _server.ClientPrivateKey);
        return new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { KeepReleases = 3 }), secrets, NullLogger<RsyncSiteDeployer>.Instance);
    }

    /// <summary>Every file under <paramref name="root"/> (through the doc root's symlink): relative path → SHA-256.</summary>
    private static SortedDictionary<string, string> Hashes(string root)
    {
        var resolved = Directory.ResolveLinkTarget(root, returnFinalTarget: true)?.FullName ?? root;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(resolved, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(resolved, file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return files;
    }
}
