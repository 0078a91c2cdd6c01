using WebsiteFactory.Cli;
using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Simulators.CloudPanel;

namespace WebsiteFactory.Demo;

/// <content>Start-up checks and the demo's CloudPanel server.</content>
public sealed partial class DemoRunner
{
    /// <summary>
    /// Fails in one sentence, before anything starts, when the local cluster (<c>{data}/pg</c> unless configured) would be
    /// out of the PostgreSQL server user's reach, e.g. a <c>--data-dir</c> under a 0700 temp directory when run as root.
    /// </summary>
    private static void CheckLocalCluster(string dataDirectory, DemoOptions options)
    {
        if (options.Settings.TryGetValue("ConnectionStrings:WebsiteFactory", out var cs) && !string.IsNullOrWhiteSpace(cs))
        {
            return;
        }

        var cluster = new LocalPostgresOptions { Directory = Path.Combine(dataDirectory, "pg") };
        if (options.Settings.TryGetValue("LocalPostgres:Directory", out var dir) && !string.IsNullOrWhiteSpace(dir))
        {
            cluster.Directory = dir;
        }

        if (options.Settings.TryGetValue("LocalPostgres:ServerUser", out var user) && !string.IsNullOrWhiteSpace(user))
        {
            cluster.ServerUser = user;
        }

        try
        {
            LocalPostgresCluster.CheckServerUserAccess(cluster);
        }
        catch (LocalPostgresSetupException e)
        {
            throw new CliException(e.Message, ExitCodes.Failed);
        }
    }

    private static async Task<LoopbackSshServer> StartServerAsync(string dataDirectory, string sshUser, CancellationToken ct)
    {
        try
        {
            return await LoopbackSshServer.StartAsync(
                new LoopbackSshServerOptions { RootDirectory = Path.Combine(dataDirectory, "server"), UserName = LoopbackSshServer.IsRoot ? sshUser : null },
                ct);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            throw new CliException($"Could not start the demo's CloudPanel server (a private sshd on 127.0.0.1): {e.Message}", ExitCodes.Failed);
        }
    }
}
