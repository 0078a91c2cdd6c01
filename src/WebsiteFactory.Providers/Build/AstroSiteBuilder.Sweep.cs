using System.Globalization;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Hosting;

namespace WebsiteFactory.Providers.Build;

/// <summary>Build working folders: the marker each one carries, and the sweep of those a killed build left behind.</summary>
public sealed partial class AstroSiteBuilder
{
    /// <summary>Name prefix of a build's working folder (<c>wf-build-{site}-{id}</c>).</summary>
    internal const string WorkPrefix = "wf-build-";

    /// <summary>Infix of an output being copied into place from another file system (<c>{output}.partial-{id}</c>).</summary>
    internal const string PartialInfix = ".partial-";

    /// <summary>The marker in a working folder: the owning process, then when the build started (ISO 8601).</summary>
    internal const string MarkerFile = ".wf-build";

    /// <summary>Creates a working folder and marks it as this process's, started now.</summary>
    private void StartWorkFolder(string path)
    {
        Directory.CreateDirectory(path);
        _running[path] = 0;
        File.WriteAllLines(Path.Combine(path, MarkerFile), [OwnerProcess.Current.Format(), _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)]);
    }

    /// <summary>Removes the working folders and partial outputs in <paramref name="root"/> that no running build owns.</summary>
    private void SweepStale(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            // Only names this builder makes: the folder may be shared (a configured work directory, an output in /tmp).
            if (LeftoverName().IsMatch(Path.GetFileName(dir)) && IsStale(dir))
            {
                TryDelete(dir);
                Log.SweptStaleBuild(_logger, dir);
            }
        }
    }

    private bool IsStale(string dir)
    {
        if (_running.ContainsKey(dir))
        {
            return false;
        }

        DateTimeOffset started;
        string[] marker;
        try
        {
            marker = File.ReadAllLines(Path.Combine(dir, MarkerFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            marker = [];
        }

        if (marker.Length >= 2 && OwnerProcess.TryParse(marker[0], out var owner)
            && DateTimeOffset.TryParse(marker[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out started))
        {
            // Not one of this process's running builds (checked above), so a folder of this process is a leftover too.
            if (owner!.IsCurrent || !owner.IsAlive())
            {
                return true;
            }
        }
        else
        {
            // Killed before its marker was written, or from an older version: judge by the folder's own time.
            started = Directory.GetLastWriteTimeUtc(dir);
        }

        return _time.GetUtcNow() - started > _options.StaleBuildAge;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(wf-build-[0-9a-f]{32}-[0-9a-f]{32}|.+\\.partial-[0-9a-f]{32})$")]
    private static partial System.Text.RegularExpressions.Regex LeftoverName();

    private static partial class Log
    {
        [LoggerMessage(EventId = 7203, Level = LogLevel.Information, Message = "Removed the leftover build folder {Directory} (its build was killed or abandoned)")]
        public static partial void SweptStaleBuild(ILogger logger, string directory);
    }
}
