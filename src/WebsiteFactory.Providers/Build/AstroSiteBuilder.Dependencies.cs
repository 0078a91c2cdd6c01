using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Providers.Build;

/// <summary>The shared <c>node_modules</c> cache and the file moves of a build (template copy, output into place).</summary>
public sealed partial class AstroSiteBuilder
{
    private async Task<string> EnsureDependenciesAsync(string template, CancellationToken cancellationToken)
    {
        var packageJson = await File.ReadAllBytesAsync(Path.Combine(template, "package.json"), cancellationToken).ConfigureAwait(false);
        var lockPath = Path.Combine(template, "package-lock.json");
        var lockJson = File.Exists(lockPath) ? await File.ReadAllBytesAsync(lockPath, cancellationToken).ConfigureAwait(false) : [];
        var key = SiteTemplate.DependencyKey(packageJson, lockJson);
        var cacheRoot = _options.CacheDirectory ?? Core.Hosting.DataPaths.Under("cache", "astro");
        var entry = Path.Combine(cacheRoot, key);
        var nodeModules = Path.Combine(entry, "node_modules");
        if (File.Exists(Path.Combine(entry, ".complete")))
        {
            return nodeModules;
        }

        Directory.CreateDirectory(cacheRoot);
        await _install.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireFileLockAsync(Path.Combine(cacheRoot, key + ".lock"), cancellationToken).ConfigureAwait(false);
            if (File.Exists(Path.Combine(entry, ".complete")))
            {
                return nodeModules;
            }

            var staging = Path.Combine(cacheRoot, $"{key}.tmp-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            try
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, "package.json"), packageJson, cancellationToken).ConfigureAwait(false);
                if (lockJson.Length > 0)
                {
                    await File.WriteAllBytesAsync(Path.Combine(staging, "package-lock.json"), lockJson, cancellationToken).ConfigureAwait(false);
                }

                // `npm install` from the lockfile (versions pinned by it) rather than `npm ci`: npm drops optional
                // platform packages of other OSes from lockfiles written on Linux, and `npm ci` then refuses the lock.
                // Scripts are off: nothing in the template needs them (esbuild ships its binary as an optional package).
                var result = await ProcessRunner.RunAsync(
                    _options.NpmCommand,
                    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-save", "--loglevel=error"],
                    staging,
                    new Dictionary<string, string?> { ["ASTRO_TELEMETRY_DISABLED"] = "1", ["CI"] = "1" },
                    _options.InstallTimeout,
                    cancellationToken).ConfigureAwait(false);
                if (result.ExitCode != 0)
                {
                    throw new ProviderException(Provider, ProviderErrorKind.Transient, $"npm install for the site template failed ({result.ExitCode}): {LastLines(result.OutputTail, 10)}");
                }

                await File.WriteAllTextAsync(Path.Combine(staging, ".complete"), DateTimeOffset.UtcNow.ToString("O"), cancellationToken).ConfigureAwait(false);
                if (Directory.Exists(entry))
                {
                    TryDelete(entry);
                }

                Directory.Move(staging, entry);
                Log.DependenciesInstalled(_logger, key);
                return nodeModules;
            }
            finally
            {
                TryDelete(staging);
            }
        }
        finally
        {
            _install.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Another process installs the same cache entry; poll until it is done.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void CopyTemplate(string template, string work)
    {
        foreach (var entry in new DirectoryInfo(template).EnumerateFileSystemInfos())
        {
            if (SiteTemplate.SkippedEntries.Contains(entry.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(work, entry.Name);
            if (entry is DirectoryInfo d)
            {
                CopyDirectory(d.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }

    private void MoveDirectory(string source, string target)
    {
        try
        {
            Directory.Move(source, target);
        }
        catch (IOException)
        {
            // Different file system: copy next to the target, then rename, so the output appears whole or not at all (a
            // retried step reuses an output that has an index.html; a half copy must never look like one).
            var partial = $"{Path.TrimEndingDirectorySeparator(target)}{PartialInfix}{Guid.NewGuid():N}";
            try
            {
                StartWorkFolder(partial);
                CopyDirectory(source, partial);
                File.Delete(Path.Combine(partial, MarkerFile));
                Directory.Move(partial, target);
            }
            finally
            {
                TryDelete(partial);
                _running.TryRemove(partial, out _);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover carries its marker; the next build of the site sweeps it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
