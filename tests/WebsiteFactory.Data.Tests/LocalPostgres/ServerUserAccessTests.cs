using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.LocalPostgres;

/// <summary>
/// Run as root, the cluster runs as the <c>postgres</c> user, which must be able to enter every parent of the cluster
/// directory; a 0700 temp directory (what <c>mktemp -d</c> makes) is the usual trap.
/// </summary>
public sealed class ServerUserAccessTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _private = Path.Combine(Path.GetTempPath(), "wf-private-" + Guid.NewGuid().ToString("N")[..8]);

    public ServerUserAccessTests()
    {
        Directory.CreateDirectory(_private);
        File.SetUnixFileMode(_private, Private);
    }

    public void Dispose() => Directory.Delete(_private, recursive: true);

    [RootFact]
    public async Task StartAsync_ClusterUnderPrivateTempDirectory_FailsWithOneSentenceNamingItAndTheFix()
    {
        var cluster = Path.Combine(_private, "data", "pg");

        var e = await Assert.ThrowsAsync<LocalPostgresSetupException>(() => LocalPostgresCluster.StartAsync(new LocalPostgresOptions { Directory = cluster }));

        Assert.Contains($"cannot enter '{_private}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("/var/tmp", e.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod o+x {_private}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Null(e.InnerException);
        Assert.False(Directory.Exists(Path.Combine(_private, "data")), "nothing is created (and initdb never runs) before the check");
    }

    [RootFact]
    public void CheckServerUserAccess_OpenDirectoryInsidePrivateOne_NamesThePrivateParent()
    {
        var open = Path.Combine(_private, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, Private | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var e = Assert.Throws<LocalPostgresSetupException>(() => LocalPostgresCluster.CheckServerUserAccess(new LocalPostgresOptions { Directory = Path.Combine(open, "pg") }));

        Assert.Contains($"cannot enter '{_private}'", e.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void CheckServerUserAccess_AfterChmodOPlusX_Passes()
    {
        File.SetUnixFileMode(_private, Private | UnixFileMode.OtherExecute);

        var e = Record.Exception(() => LocalPostgresCluster.CheckServerUserAccess(new LocalPostgresOptions { Directory = Path.Combine(_private, "pg") }));

        Assert.Null(e);
    }

    [RootFact]
    public void CheckServerUserAccess_UnknownServerUser_SaysSo()
    {
        var e = Assert.Throws<LocalPostgresSetupException>(() => LocalPostgresCluster.CheckServerUserAccess(new LocalPostgresOptions { Directory = "/var/tmp/wf-pg", ServerUser = "wf-no-such-user" }));

        Assert.Contains("'wf-no-such-user'", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }
}
