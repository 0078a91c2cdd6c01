using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Deploy;

/// <summary>
/// The rollback script itself refuses to go back to CloudPanel's placeholder (not a real release): on a site deployed once,
/// a rollback that reaches the server fails permanently and leaves the live release, its files and the releases alone.
/// Both deployers (rsync over OpenSSH, SSH.NET) run the same script; both are checked against the loopback sshd.
/// </summary>
public sealed class RollbackRefusalTests : IClassFixture<SshdFixture>, IDisposable
{
    private const string Release = "20260101T000000Z-a";
    private readonly LoopbackSshServer _server;
    private readonly string _local = Path.Combine(Path.GetTempPath(), "wf-refusal-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _docRoot;
    private readonly ISecretStore _secrets = Substitute.For<ISecretStore>();

    public RollbackRefusalTests(SshdFixture fixture)
    {
        _server = fixture.Server;
        var siteRoot = Path.Combine(_server.RootDirectory, "site-" + Guid.NewGuid().ToString("N")[..8]);
        _docRoot = Path.Combine(siteRoot, "htdocs", "refusal.example");
        Directory.CreateDirectory(_docRoot);
        File.WriteAllText(Path.Combine(_docRoot, "index.html"), "<html>placeholder</html>");
        _server.CreateUserDirectory(siteRoot);
        _secrets.GetAsync("deploy-key", Arg.Any<CancellationToken>()).Returns(_ => _server.ClientPrivateKey);
    }

    public void Dispose()
    {
        if (Directory.Exists(_local))
        {
            Directory.Delete(_local, recursive: true);
        }
    }

    public static TheoryData<string> Deployers => ["rsync", "sftp"];

    [Theory]
    [MemberData(nameof(Deployers))]
    public async Task RollbackAsync_SiteDeployedOnce_RefusesPermanently_LiveReleaseAndFilesUnchanged(string kind)
    {
        var deployer = Deployer(kind);
        await deployer.DeployAsync(Target(), Tree("v1"), Release);
        var before = Snapshot();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => deployer.RollbackAsync(Target(), "rollback-refusal.example:op"));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Contains("no earlier release", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Release, await deployer.GetLiveReleaseAsync(Target()));
        Assert.Equal("version=v1", File.ReadAllLines(Path.Combine(_docRoot, "index.html"))[0]);
        Assert.Equal(before, Snapshot());

        // Retried (the same operation) it refuses again; the next deploy still finds its previous release.
        await Assert.ThrowsAsync<ProviderException>(() => deployer.RollbackAsync(Target(), "rollback-refusal.example:op"));
        var second = await deployer.DeployAsync(Target(), Tree("v2"), "20260102T000000Z-b");
        Assert.Equal(Release, second.PreviousReleaseId);
        Assert.Contains(Release, second.Releases);
    }

    [Theory]
    [MemberData(nameof(Deployers))]
    public async Task RollbackAsync_BackToTheFirstRelease_ThenAgain_RefusesTheSecond(string kind)
    {
        var deployer = Deployer(kind);
        await deployer.DeployAsync(Target(), Tree("v1"), Release);
        await deployer.DeployAsync(Target(), Tree("v2"), "20260102T000000Z-b");

        Assert.Equal(Release, (await deployer.RollbackAsync(Target())).ReleaseId);
        var before = Snapshot();
        var ex = await Assert.ThrowsAsync<ProviderException>(() => deployer.RollbackAsync(Target()));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal(Release, await deployer.GetLiveReleaseAsync(Target()));
        Assert.Equal(before, Snapshot());
    }

    private ISiteDeployer Deployer(string kind) => kind == "rsync"
        ? new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { KeepReleases = 3 }), _secrets, NullLogger<RsyncSiteDeployer>.Instance)
        : new SftpSiteDeployer(Options.Create(new RsyncDeployOptions { KeepReleases = 3 }), _secrets, NullLogger<SftpSiteDeployer>.Instance);

    private DeployTarget Target() => new(
        _server.Host,
        _server.Port,
        _server.UserName,
        "deploy-key",
        SshHostKeyFingerprint.Parse(_server.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        RemotePath.Parse(_docRoot, CultureInfo.InvariantCulture));

    private string Tree(string version)
    {
        var dir = Path.Combine(_local, version);
        Directory.CreateDirectory(Path.Combine(dir, "p1"));
        File.WriteAllText(Path.Combine(dir, "index.html"), $"version={version}\n");
        File.WriteAllText(Path.Combine(dir, "p1", "index.html"), $"version={version}\n");
        return dir;
    }

    /// <summary>Every file and link under the site's parent (doc root link, releases, history), with its content or target.</summary>
    private string Snapshot()
    {
        var parent = Path.GetDirectoryName(_docRoot)!;
        var lines = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(parent, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } link)
            {
                lines.Add($"{entry} -> {link}");
            }
            else if (File.Exists(entry))
            {
                lines.Add($"{entry}: {File.ReadAllText(entry)}");
            }
            else if (Directory.Exists(entry))
            {
                lines.Add(entry + "/");
            }
        }

        return string.Join('\n', lines);
    }
}
