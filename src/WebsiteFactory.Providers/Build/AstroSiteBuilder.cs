using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Build;

/// <summary>
/// <see cref="ISiteBuilder"/> running the real <c>astro build</c> (<c>npm run build</c>) of <c>templates/site</c> in a
/// fresh working directory per build, with <c>node_modules</c> installed once per lockfile and shared by symlink.
/// </summary>
/// <remarks>
/// <para>Content reaches the build as <c>site.json</c>, written here from the request (which the activity read from
/// Directus). Why not let Astro fetch from Directus itself: the Directus token then never leaves .NET (no secret in a
/// child process's environment), the build needs no network, and a build is reproducible from its input file.</para>
/// <para>Each build works in <c>wf-build-{site}-{id}</c> beside its output (or under <see cref="AstroBuildOptions.WorkDirectory"/>)
/// with a <c>.wf-build</c> marker naming its process and start time. A build killed with its server leaves that folder;
/// the next build of the site (the retried step included) removes every such folder whose process is dead or that is
/// older than <see cref="AstroBuildOptions.StaleBuildAge"/>, so nothing piles up and nothing lands in the temp directory.</para>
/// <para>The dependency cache is keyed by the SHA-256 of <c>package.json</c> + <c>package-lock.json</c>; it is installed
/// into a temporary directory and renamed into place, under a cross-process file lock, so concurrent builds never see a
/// half-installed tree. A template change with a new lockfile gets a new cache entry.</para>
/// </remarks>
public sealed partial class AstroSiteBuilder : ISiteBuilder, IDisposable
{
    private const string Provider = "astro";
    private readonly AstroBuildOptions _options;
    private readonly ILogger<AstroSiteBuilder> _logger;
    private readonly SemaphoreSlim _builds;
    private readonly SemaphoreSlim _install = new(1, 1);
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>Creates the builder.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="timeProvider">Clock for the age of leftover build folders; default the system clock.</param>
    public AstroSiteBuilder(IOptions<AstroBuildOptions> options, ILogger<AstroSiteBuilder> logger, TimeProvider? timeProvider = null)
    {
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _builds = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentBuilds));
    }

    /// <inheritdoc />
    public async Task<SiteBuildResult> BuildAsync(SiteBuildRequest request, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Validate(request);
        if (Directory.Exists(outputDirectory) || File.Exists(outputDirectory))
        {
            throw new ArgumentException($"Output directory '{outputDirectory}' already exists.", nameof(outputDirectory));
        }

        var started = Stopwatch.GetTimestamp();
        var template = SiteTemplate.Resolve(_options.TemplateDirectory, Provider);
        var nodeModules = await EnsureDependenciesAsync(template, cancellationToken).ConfigureAwait(false);

        await _builds.WaitAsync(cancellationToken).ConfigureAwait(false);
        var outputParent = Path.GetDirectoryName(Path.GetFullPath(outputDirectory))!;
        var workRoot = _options.WorkDirectory ?? outputParent;
        var work = Path.Combine(workRoot, $"{WorkPrefix}{request.SiteId:N}-{Guid.NewGuid():N}");
        try
        {
            SweepStale(workRoot);
            if (!string.Equals(workRoot, outputParent, StringComparison.Ordinal))
            {
                SweepStale(outputParent);
            }

            StartWorkFolder(work);
            CopyTemplate(template, work);
            File.CreateSymbolicLink(Path.Combine(work, "node_modules"), nodeModules);
            var siteJson = Path.Combine(work, "site.json");
            await File.WriteAllTextAsync(siteJson, SiteJson(request), cancellationToken).ConfigureAwait(false);

            var env = new Dictionary<string, string?>
            {
                ["ASTRO_TELEMETRY_DISABLED"] = "1",
                ["SITES_DATA"] = siteJson,
                ["NO_COLOR"] = "1",
                ["CI"] = "1",
                ["NODE_ENV"] = "production",
            };
            var result = await ProcessRunner.RunAsync(_options.NpmCommand, ["run", "build", "--silent"], work, env, _options.BuildTimeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var reason = result.TimedOut ? $"timed out after {_options.BuildTimeout.TotalSeconds:0} s" : $"exited with code {result.ExitCode}";
                // A timeout is the machine being busy, worth a retry; a non-zero exit is the template or the content.
                throw new ProviderException(Provider, result.TimedOut ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent, $"astro build for {request.Domain} {reason}: {LastLines(result.OutputTail, 15)}");
            }

            var dist = Path.Combine(work, "dist", request.Domain.Value);
            if (!File.Exists(Path.Combine(dist, "index.html")))
            {
                throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"astro build for {request.Domain} produced no index.html.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputDirectory))!);
            MoveDirectory(dist, outputDirectory);
            var files = Directory.EnumerateFiles(outputDirectory, "*", SearchOption.AllDirectories).Count();
            var duration = Stopwatch.GetElapsedTime(started);
            Log.Built(_logger, request.Domain.Value, files, duration.TotalMilliseconds);
            return new SiteBuildResult(outputDirectory, files, duration);
        }
        finally
        {
            _builds.Release();
            TryDelete(work);
            _running.TryRemove(work, out _);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _builds.Dispose();
        _install.Dispose();
    }

    /// <summary>Refuses a request the template cannot build safely (slugs, reserved names, Matomo settings).</summary>
    internal static void Validate(SiteBuildRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Brand, nameof(request));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in request.Pages)
        {
            ContentSlug.Validate(page.Slug, nameof(request));
            if (!seen.Add(page.Slug))
            {
                throw new ArgumentException($"Slug '{page.Slug}' appears twice.", nameof(request));
            }

            if (page.Slug is "sitemap-xml" or "robots-txt" or "index")
            {
                throw new ArgumentException($"Slug '{page.Slug}' is reserved.", nameof(request));
            }
        }

        if (request.MatomoSiteId is < 1)
        {
            throw new ArgumentException("Matomo site id must be positive.", nameof(request));
        }

        if (request.MatomoUrl is { } m && (!m.IsAbsoluteUri || m.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException("Matomo URL must be an absolute http(s) URL.", nameof(request));
        }
    }

    /// <summary>The <c>site.json</c> the template reads (what both the local and the server build give Astro).</summary>
    internal static string SiteJson(SiteBuildRequest r)
    {
        var pages = new JsonArray();
        foreach (var p in r.Pages.OrderBy(p => p.Sort).ThenBy(p => p.Slug, StringComparer.Ordinal))
        {
            var faq = new JsonArray();
            foreach (var f in p.Faq)
            {
                faq.Add(new JsonObject { ["question"] = f.Question, ["answer"] = f.Answer });
            }

            pages.Add(new JsonObject
            {
                ["slug"] = p.Slug,
                ["title"] = p.Title,
                ["metaDescription"] = p.MetaDescription,
                ["bodyMarkdown"] = p.BodyMarkdown,
                ["faq"] = faq,
            });
        }

        var site = new JsonObject
        {
            ["domain"] = r.Domain.Value,
            ["brand"] = r.Brand,
            ["language"] = r.Language,
            ["matomo"] = r.MatomoUrl is not null && r.MatomoSiteId is { } id
                ? new JsonObject { ["url"] = r.MatomoUrl.AbsoluteUri, ["siteId"] = id }
                : null,
            ["googleSiteVerification"] = r.GoogleSiteVerification,
            ["pages"] = pages,
        };
        return site.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

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

    private static string LastLines(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.Trim()));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Built {Domain}: {Files} files in {ElapsedMs:0} ms")]
        public static partial void Built(ILogger logger, string domain, int files, double elapsedMs);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Installed site template dependencies into cache entry {Key}")]
        public static partial void DependenciesInstalled(ILogger logger, string key);
    }
}
