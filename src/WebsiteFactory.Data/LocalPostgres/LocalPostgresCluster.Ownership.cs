using WebsiteFactory.Core.Hosting;

namespace WebsiteFactory.Data.LocalPostgres;

/// <summary>The owner record: which process stops the server, and what a successor does when it finds one running.</summary>
public sealed partial class LocalPostgresCluster
{
    /// <summary>The owner record (<c>owner</c> in the cluster directory): the owning process, then its database.</summary>
    public string OwnerFile => Path.Combine(RootDirectory, "owner");

    /// <summary>True when this instance found the server running with its owner gone and took it over (it stops it on dispose).</summary>
    public bool Adopted { get; private set; }

    /// <summary>The process that owns (and will stop) the running server, and the database it uses, when recorded.</summary>
    /// <returns>The owner, or null when there is no readable record.</returns>
    public (OwnerProcess Process, string Database)? ReadOwner()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(OwnerFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return lines.Length >= 2 && OwnerProcess.TryParse(lines[0], out var owner) ? (owner!, lines[1].Trim()) : null;
    }

    /// <summary>
    /// Decides what to do with a server found running: adopt it when its owner is gone (a killed predecessor), share it
    /// when its owner is this process or a live process of another database, refuse when a live process of the same
    /// database owns it (two servers on one data directory).
    /// </summary>
    private void ClaimRunningServer()
    {
        var owner = ReadOwner();
        if (owner is { } live && live.Process.IsAlive())
        {
            if (!live.Process.IsCurrent && string.Equals(live.Database, _options.Database, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL cluster in {RootDirectory} is in use by {live.Process} for database '{live.Database}', and that process is still running: "
                    + "two servers cannot share one data directory. Stop the other server first, or give this one its own LocalPostgres:Directory (or --data-dir).");
            }

            _progress($"PostgreSQL already running ({SocketDirectory}), owned by {live.Process}");
            return;
        }

        // Left running by a process that died without stopping it (kill -9, power loss of the app only): use it, and stop
        // it on exit as if this process had started it, so it does not run on forever.
        _progress(owner is { } dead
            ? $"Adopting PostgreSQL left running by {dead.Process}, which is gone; it is stopped when this process exits"
            : $"Adopting PostgreSQL running without an owner record ({SocketDirectory}); it is stopped when this process exits");
        WriteOwner();
        _startedByUs = true;
        Adopted = true;
    }

    private void WriteOwner()
    {
        var temp = OwnerFile + ".tmp";
        File.WriteAllLines(temp, [OwnerProcess.Current.Format(), _options.Database]);
        File.Move(temp, OwnerFile, overwrite: true);
    }

    private void ReleaseOwner()
    {
        if (ReadOwner() is { } owner && owner.Process.IsCurrent)
        {
            try
            {
                File.Delete(OwnerFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A stale record names a dead process; the next start treats it as such.
            }
        }
    }
}
