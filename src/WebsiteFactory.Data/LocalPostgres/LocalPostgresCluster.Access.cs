using System.Diagnostics;

namespace WebsiteFactory.Data.LocalPostgres;

public sealed partial class LocalPostgresCluster
{
    /// <summary>
    /// Checks, before anything is created or <c>initdb</c> runs, that the user the server runs as can reach the cluster
    /// directory: run as root, that is <see cref="LocalPostgresOptions.ServerUser"/>, which needs execute (search)
    /// permission on every existing parent directory. Run as a normal user there is nothing to check.
    /// </summary>
    /// <param name="options">The cluster settings.</param>
    /// <exception cref="LocalPostgresSetupException">
    /// The server user does not exist, or cannot enter a parent directory (e.g. the cluster is under a 0700 temp directory);
    /// the message names the directory and the fix.
    /// </exception>
    /// <remarks>
    /// Without this check <c>initdb</c> fails deep inside with "could not change directory … Permission denied" and a stack
    /// trace. The check runs <c>test -x</c> as the server user (so ACLs and group membership count exactly as for the
    /// server): once for the deepest existing parent, and only when that fails, once per parent from <c>/</c> down to name
    /// the first one it cannot enter.
    /// </remarks>
    public static void CheckServerUserAccess(LocalPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsRoot || OperatingSystem.IsWindows())
        {
            return;
        }

        var root = Path.GetFullPath(options.Directory ?? DefaultDirectory());
        var user = options.ServerUser;
        if (Run("id", ["-u", user]) != 0)
        {
            throw new LocalPostgresSetupException(
                $"The local PostgreSQL cluster runs as the user '{user}' when started as root, but that user does not exist; install the PostgreSQL server package (it creates 'postgres') or set LocalPostgres:ServerUser to an existing unprivileged user.");
        }

        var parents = new List<string>();
        for (var dir = Path.GetDirectoryName(root); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (System.IO.Directory.Exists(dir))
            {
                parents.Add(dir);
            }
        }

        // Deepest first in the list: reaching it requires every directory above it.
        if (parents.Count == 0 || CanEnter(user, parents[0]))
        {
            return;
        }

        var blocked = parents.AsEnumerable().Reverse().First(d => !CanEnter(user, d));
        throw new LocalPostgresSetupException(
            $"The local PostgreSQL cluster directory '{root}' is not reachable by the PostgreSQL server user '{user}' because it cannot enter '{blocked}'; choose a data directory (--data-dir or LocalPostgres:Directory) that user can reach, such as one under /var/tmp or /var/lib, or run 'chmod o+x {blocked}'.");
    }

    private static bool CanEnter(string user, string directory) => Run("runuser", ["-u", user, "--", "test", "-x", directory]) == 0;

    private static int Run(string exe, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
