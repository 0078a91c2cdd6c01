namespace WebsiteFactory.Data.LocalPostgres;

/// <summary>Finds the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>) installed on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>The message shown when no binaries are found: it names the package to install.</summary>
    public const string NotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the server package: " +
        "Debian/Ubuntu: 'sudo apt-get install postgresql'; Fedora/RHEL: 'sudo dnf install postgresql-server'; " +
        "macOS: 'brew install postgresql@16'. Or set LocalPostgres:BinDirectory to their directory, or set " +
        "ConnectionStrings:WebsiteFactory to use an existing PostgreSQL server instead of a local cluster.";

    /// <summary>Returns the directory that holds <c>initdb</c> and <c>pg_ctl</c>.</summary>
    /// <exception cref="InvalidOperationException">None found; the message names the package to install.</exception>
    public static string Find(string? configured = null)
    {
        foreach (var dir in Candidates(configured))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return ResolveLinks(dir);
            }
        }

        throw new InvalidOperationException(configured is null
            ? NotFoundMessage
            : $"LocalPostgres:BinDirectory '{configured}' does not contain initdb and pg_ctl. {NotFoundMessage}");
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return configured;
            yield break;
        }

        // Versioned package layouts first, newest major first: PATH often holds only client wrappers (Debian's pg_wrapper).
        var layouts = SafeDirs("/usr/lib/postgresql", "*")
            .Concat(SafeDirs("/usr", "pgsql-*"))
            .Concat(SafeDirs("/opt/homebrew/opt", "postgresql*"))
            .Concat(SafeDirs("/usr/local/opt", "postgresql*"));
        foreach (var d in layouts.OrderByDescending(MajorOf))
        {
            yield return Path.Combine(d, "bin");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var d in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return d;
        }
    }

    private static string[] SafeDirs(string parent, string pattern)
    {
        try
        {
            return Directory.Exists(parent) ? Directory.GetDirectories(parent, pattern) : [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int MajorOf(string dir)
    {
        var digits = new string(Path.GetFileName(dir).Where(char.IsAsciiDigit).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var v) ? v : 0;
    }

    private static string ResolveLinks(string dir)
    {
        // /usr/local/bin/pg_ctl may be a symlink into the versioned directory; initdb needs its sibling binaries.
        var target = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName) ?? dir;
    }
}
