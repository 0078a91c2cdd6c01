using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Providers.Tests.Build;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Deploy;

public sealed class RsyncSiteDeployerTests : IClassFixture<SshdFixture>, IDisposable
{
    private readonly LoopbackSshServer _server;
    private readonly string _local = Path.Combine(Path.GetTempPath(), "wf-deploy-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _siteRoot;
    private readonly string _docRoot;
    private readonly RsyncSiteDeployer _deployer;

    public RsyncSiteDeployerTests(SshdFixture fixture)
    {
        _server = fixture.Server;
        _siteRoot = Path.Combine(_server.RootDirectory, "site-" + Guid.NewGuid().ToString("N")[..8]);
        _docRoot = Path.Combine(_siteRoot, "htdocs", "deploy.example");
        Directory.CreateDirectory(_docRoot);
        File.WriteAllText(Path.Combine(_docRoot, "index.html"), "<html>placeholder</html>");
        _server.CreateUserDirectory(_siteRoot);

        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("deploy-key", Arg.Any<CancellationToken>()).Returns(_ => _server.ClientPrivateKey);
        _deployer = new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { KeepReleases = 3 }), secrets, NullLogger<RsyncSiteDeployer>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(_local))
        {
            Directory.Delete(_local, recursive: true);
        }
    }

    private DeployTarget Target(string? fingerprint = null) => new(
        _server.Host,
        _server.Port,
        _server.UserName,
        "deploy-key",
        SshHostKeyFingerprint.Parse(fingerprint ?? _server.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        RemotePath.Parse(_docRoot, CultureInfo.InvariantCulture));

    /// <summary>A local tree of <paramref name="count"/> pages starting at <paramref name="first"/>, every file stamped with the version.</summary>
    private string Tree(string version, int first = 0, int count = 3)
    {
        var dir = Path.Combine(_local, version);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "index.html"), $"version={version}\n");
        for (var i = first; i < first + count; i++)
        {
            var page = Path.Combine(dir, "p" + i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(page);
            File.WriteAllText(Path.Combine(page, "index.html"), $"version={version}\n" + new string('x', 2000));
        }

        return dir;
    }

    private string LiveVersion() => File.ReadAllLines(Path.Combine(_docRoot, "index.html"))[0];

    [Fact]
    public async Task DeployAsync_FirstRelease_FilesLandAndDocRootBecomesSymlink()
    {
        var result = await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");

        Assert.Equal("version=v1", LiveVersion());
        Assert.True(File.Exists(Path.Combine(_docRoot, "p2", "index.html")));
        Assert.NotNull(new DirectoryInfo(_docRoot).LinkTarget);
        Assert.Equal("00000000T000000Z-initial", result.PreviousReleaseId);
        Assert.Equal(["00000000T000000Z-initial", "20260101T000000Z-a"], result.Releases);
    }

    [Fact]
    public async Task DeployAsync_SecondRelease_DeletesRemovedFilesAndKeepsPreviousForRollback()
    {
        await _deployer.DeployAsync(Target(), Tree("v1", 0, 3), "20260101T000000Z-a");

        var result = await _deployer.DeployAsync(Target(), Tree("v2", 1, 3), "20260102T000000Z-b");

        Assert.Equal("version=v2", LiveVersion());
        Assert.False(File.Exists(Path.Combine(_docRoot, "p0", "index.html")));
        Assert.True(File.Exists(Path.Combine(_docRoot, "p3", "index.html")));
        Assert.Equal("20260101T000000Z-a", result.PreviousReleaseId);
    }

    [Fact]
    public async Task DeployAsync_ReaderPollingDuringDeploy_NeverSeesMixedTree()
    {
        await _deployer.DeployAsync(Target(), Tree("v1", 0, 150), "20260101T000000Z-a");
        var v1Files = Enumerable.Range(0, 150).Select(i => $"p{i}").Append("index.html").ToHashSet();
        var v2Files = Enumerable.Range(75, 150).Select(i => $"p{i}").Append("index.html").ToHashSet();
        var v2 = Tree("v2", 75, 150);
        using var done = new CancellationTokenSource();
        var observations = 0;
        var seen = new HashSet<string>();
        bool Seen(string version)
        {
            lock (seen)
            {
                return seen.Contains(version);
            }
        }

        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                // What nginx does per request: resolve the doc root once, then serve from what it resolved to.
                var root = Directory.ResolveLinkTarget(_docRoot, returnFinalTarget: true)?.FullName ?? _docRoot;
                var entries = Directory.GetFileSystemEntries(root).Select(Path.GetFileName).ToHashSet();
                var versions = Directory.GetFiles(root, "index.html", SearchOption.AllDirectories).Select(f => File.ReadAllLines(f)[0]).Distinct().ToList();
                var version = Assert.Single(versions);
                lock (seen)
                {
                    seen.Add(version);
                }

                Assert.Equal(version == "version=v1" ? v1Files : v2Files, entries!);
                Interlocked.Increment(ref observations);
            }
        });

        // The reader must be reading before the switch however late the thread pool starts it (else it never sees v1).
        await WaitUntilAsync(() => Volatile.Read(ref observations) >= 2 || reader.IsCompleted);
        await _deployer.DeployAsync(Target(), v2, "20260102T000000Z-b");
        await WaitUntilAsync(() => Seen("version=v2") || reader.IsCompleted);
        await done.CancelAsync();
        await reader;

        Assert.Contains("version=v1", seen);
        Assert.Contains("version=v2", seen);
        Assert.True(observations > 2, $"reader observed only {observations} times");
    }

    [Fact]
    public async Task RollbackAsync_AfterTwoDeploys_RestoresPreviousRelease()
    {
        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");
        await _deployer.DeployAsync(Target(), Tree("v2"), "20260102T000000Z-b");

        var result = await _deployer.RollbackAsync(Target());

        Assert.Equal("20260101T000000Z-a", result.ReleaseId);
        Assert.Equal("20260102T000000Z-b", result.PreviousReleaseId);
        Assert.Equal("version=v1", LiveVersion());
    }

    [Fact]
    public async Task RollbackAsync_SameOperationRetried_GoesBackOnlyOnce()
    {
        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");
        await _deployer.DeployAsync(Target(), Tree("v2"), "20260102T000000Z-b");
        await _deployer.DeployAsync(Target(), Tree("v3"), "20260103T000000Z-c");

        var first = await _deployer.RollbackAsync(Target(), "rollback-instance-1:rollback");
        var retried = await _deployer.RollbackAsync(Target(), "rollback-instance-1:rollback"); // the answer was lost; the step runs again

        Assert.Equal("20260102T000000Z-b", first.ReleaseId);
        Assert.Equal("20260102T000000Z-b", retried.ReleaseId);
        Assert.Equal("version=v2", LiveVersion());

        // A new rollback (another operation) goes back one more.
        Assert.Equal("20260101T000000Z-a", (await _deployer.RollbackAsync(Target(), "rollback-instance-2:rollback")).ReleaseId);
        Assert.Equal("version=v1", LiveVersion());
    }

    [Fact]
    public async Task RollbackAsync_AfterRollbackAndNewDeploy_ReturnsToWhatWasLiveBefore()
    {
        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");
        await _deployer.DeployAsync(Target(), Tree("bad"), "20260102T000000Z-b");
        await _deployer.RollbackAsync(Target());
        await _deployer.DeployAsync(Target(), Tree("v3"), "20260103T000000Z-c");

        var result = await _deployer.RollbackAsync(Target());

        Assert.Equal("20260101T000000Z-a", result.ReleaseId); // not the release that was rolled back from
        Assert.Equal("version=v1", LiveVersion());
    }

    [Fact]
    public async Task RollbackAsync_UploadThatFailedHalfWay_IsNeverARelease()
    {
        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");

        // An upload that died half way (rsync exit 23 after writing one file into the release directory).
        Directory.CreateDirectory(_local);
        var failing = Path.Combine(_local, "half-rsync");
        await File.WriteAllTextAsync(failing, "#!/bin/bash\nd=\"${@: -1}\"; d=\"${d#*:}\"; mkdir -p \"$d\"; echo half > \"$d/partial.css\"\necho 'rsync: some files could not be transferred' >&2\nexit 23\n");
        File.SetUnixFileMode(failing, (UnixFileMode)Convert.ToInt32("755", 8));
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("deploy-key", Arg.Any<CancellationToken>()).Returns(_ => _server.ClientPrivateKey);
        var broken = new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { RsyncCommand = failing }), secrets, NullLogger<RsyncSiteDeployer>.Instance);
        await Assert.ThrowsAsync<ProviderException>(() => broken.DeployAsync(Target(), Tree("half"), "20260102T000000Z-b"));

        var third = await _deployer.DeployAsync(Target(), Tree("v3"), "20260103T000000Z-c");
        Assert.DoesNotContain("20260102T000000Z-b", third.Releases);

        var result = await _deployer.RollbackAsync(Target());
        Assert.Equal("20260101T000000Z-a", result.ReleaseId);
        Assert.Equal("version=v1", LiveVersion());
    }

    [Fact]
    public async Task GetLiveReleaseAsync_PlaceholderThenDeployed_NullThenTheRelease()
    {
        Assert.Null(await _deployer.GetLiveReleaseAsync(Target()));

        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");

        Assert.Equal("20260101T000000Z-a", await _deployer.GetLiveReleaseAsync(Target()));
    }

    [Fact]
    public async Task RollbackAsync_NothingDeployed_FailsPermanent()
    {
        var ex = await Assert.ThrowsAsync<ProviderException>(() => _deployer.RollbackAsync(Target()));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Contains("no release is live", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_ManyReleases_KeepsConfiguredNumber()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _deployer.DeployAsync(Target(), Tree("v" + i), $"2026010{i}T000000Z-x");
        }

        var releases = Directory.GetDirectories(Path.Combine(_siteRoot, "htdocs", ".deploy.example.releases")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["20260103T000000Z-x", "20260104T000000Z-x", "20260105T000000Z-x"], releases);
        Assert.Equal("version=v5", LiveVersion());
    }

    [Fact]
    public async Task DeployAsync_SameReleaseAgain_IsIdempotent()
    {
        await _deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a");

        var again = await _deployer.DeployAsync(Target(), Tree("v1b"), "20260101T000000Z-a");

        Assert.Equal("20260101T000000Z-a", again.ReleaseId);
        Assert.Equal("version=v1", LiveVersion());
    }

    [Fact]
    public async Task DeployAsync_WrongHostKeyPin_FailsPermanentAndLiveSiteUntouched()
    {
        var wrong = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');

        var ex = await Assert.ThrowsAsync<ProviderException>(() => _deployer.DeployAsync(Target(wrong), Tree("v1"), "20260101T000000Z-a"));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("host-key", ex.VendorCode);
        Assert.Equal("<html>placeholder</html>", File.ReadAllText(Path.Combine(_docRoot, "index.html")));
    }

    /// <summary>
    /// rsync's own exit codes (a stand-in rsync prints rsync's texts and exits with the code; SSH, the release layout and
    /// the switch are real): partial transfers and SSH failures become clear errors, and the live site is untouched.
    /// </summary>
    [Theory]
    [InlineData(23, "rsync: [sender] send_files failed to open \"/src/p1/index.html\": Permission denied (13)", ProviderErrorKind.Permanent, "23", "partial (exit 23")]
    [InlineData(24, "file has vanished: \"/src/p1/index.html\"", ProviderErrorKind.Transient, "24", "partial (exit 24")]
    [InlineData(255, "ssh: connect to host 127.0.0.1 port 22: Connection refused", ProviderErrorKind.Transient, null, "127.0.0.1")]
    [InlineData(12, "rsync error: error in rsync protocol data stream (code 12)", ProviderErrorKind.Transient, "12", "lost the connection")]
    public async Task DeployAsync_RsyncExitCode_MappedToClearErrorAndLiveSiteUntouched(int exitCode, string stderr, ProviderErrorKind kind, string? vendorCode, string messagePart)
    {
        Directory.CreateDirectory(_local);
        var fake = Path.Combine(_local, "fake-rsync-" + exitCode.ToString(CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\nprintf '%s\\n' '{stderr.Replace("'", "'\\''", StringComparison.Ordinal)}' >&2\nexit {exitCode.ToString(CultureInfo.InvariantCulture)}\n");
        File.SetUnixFileMode(fake, (UnixFileMode)Convert.ToInt32("755", 8));
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("deploy-key", Arg.Any<CancellationToken>()).Returns(_ => _server.ClientPrivateKey);
        var deployer = new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { RsyncCommand = fake }), secrets, NullLogger<RsyncSiteDeployer>.Instance);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a"));

        Assert.Equal(kind, ex.Kind);
        if (vendorCode is not null)
        {
            Assert.Equal(vendorCode, ex.VendorCode);
        }

        Assert.Contains(messagePart, ex.Message, StringComparison.Ordinal);
        Assert.Contains("live site is unchanged", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("<html>placeholder</html>", File.ReadAllText(Path.Combine(_docRoot, "index.html")));
    }

    [Fact]
    public void SweepStaleSessions_KeyLeftByAKilledWorker_IsDeleted_LiveSessionKept()
    {
        var root = Directory.CreateDirectory(Path.Combine(_local, "tmp-root")).FullName;
        var stale = Directory.CreateDirectory(Path.Combine(root, "wf-ssh-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(stale, "id"), "-----BEGIN OPENSSH PRIVATE KEY-----");
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        var live = Directory.CreateDirectory(Path.Combine(root, "wf-ssh-" + Guid.NewGuid().ToString("N"))).FullName;
        var unrelated = Directory.CreateDirectory(Path.Combine(root, "other-dir")).FullName;
        Directory.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow.AddDays(-2));

        var deleted = RsyncSiteDeployer.SweepStaleSessions(root, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(unrelated));
    }

    [Fact]
    public async Task DeployAsync_KeyNotAuthorised_FailsPermanentWithoutKeyMaterial()
    {
        var other = Path.Combine(_local, "other-key");
        Directory.CreateDirectory(_local);
        using (var p = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other]))
        {
            await p.WaitForExitAsync();
        }

        var otherKey = await File.ReadAllTextAsync(other);
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("deploy-key", Arg.Any<CancellationToken>()).Returns(otherKey);
        var deployer = new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions()), secrets, NullLogger<RsyncSiteDeployer>.Instance);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => deployer.DeployAsync(Target(), Tree("v1"), "20260101T000000Z-a"));

        Assert.Equal("auth", ex.VendorCode);
        Assert.DoesNotContain("PRIVATE KEY", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a b")]
    [InlineData("x;rm -rf /")]
    [InlineData("")]
    public async Task DeployAsync_InvalidReleaseId_ThrowsArgumentException(string releaseId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _deployer.DeployAsync(Target(), Tree("v1"), releaseId));
    }

    [Fact]
    public async Task DeployAsync_ShallowDocRoot_ThrowsArgumentException()
    {
        var target = Target() with { DocRoot = RemotePath.Parse("/srv", CultureInfo.InvariantCulture) };

        await Assert.ThrowsAsync<ArgumentException>(() => _deployer.DeployAsync(target, Tree("v1"), "20260101T000000Z-a"));
    }

    [Fact]
    public async Task BuildAndDeploy_RealAstro_LandsAndAFailingBuildLeavesLiveSiteUntouched()
    {
        using var builder = AstroSiteBuilderTests.Builder();
        var v1 = Path.Combine(_local, "astro-v1");
        await builder.BuildAsync(AstroSiteBuilderTests.Request("v1"), v1);
        await _deployer.DeployAsync(Target(), v1, "20260101T000000Z-a");
        var live = await File.ReadAllTextAsync(Path.Combine(_docRoot, "first", "index.html"));
        Assert.Contains("First v1", live, StringComparison.Ordinal);

        var broken = Path.Combine(_local, "broken-template");
        CopyDirectory(AstroSiteBuilderTests.FindTemplate(), broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "src", "pages", "index.astro"), "---\nimport X from './nope.astro';\n---\n<X />\n");
        using var brokenBuilder = AstroSiteBuilderTests.Builder(broken);
        await Assert.ThrowsAsync<ProviderException>(() => brokenBuilder.BuildAsync(AstroSiteBuilderTests.Request("v2"), Path.Combine(_local, "astro-v2")));

        Assert.Equal(live, await File.ReadAllTextAsync(Path.Combine(_docRoot, "first", "index.html")));
        Assert.EndsWith("20260101T000000Z-a", new DirectoryInfo(_docRoot).LinkTarget, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("node_modules" or "dist" or ".astro")))
        {
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestBounds.RealWork);
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
