using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Build;

/// <summary>One Astro run for a batch of sites, its output split per site, and the bisection of a failed run.</summary>
public sealed partial class AstroSiteBuilder
{
    /// <summary>
    /// Builds <paramref name="jobs"/> in one run. When the run fails for several sites, each half is built again (one run
    /// each, in this slot) until the failing site is alone and gets the error; the others get their output.
    /// </summary>
    private async Task BuildBatchAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        var live = jobs.Where(j => !j.Abandoned).ToList();
        if (live.Count == 0)
        {
            return;
        }

        var failure = await RunAstroAsync(live, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return;
        }

        if (live.Count == 1)
        {
            live[0].Fail(failure);
            return;
        }

        Log.BatchFailed(_logger, live.Count, failure.Message);
        var half = live.Count / 2;
        await BuildBatchAsync(live[..half], cancellationToken).ConfigureAwait(false);
        await BuildBatchAsync(live[half..], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <c>astro build</c> over the sites of <paramref name="jobs"/> and moves each site's folder to its output,
    /// completing its caller once the work folder is gone. Returns the run's failure (not yet given to anyone), or null
    /// when the run succeeded.
    /// </summary>
    private async Task<ProviderException?> RunAstroAsync(List<Job> jobs, CancellationToken cancellationToken)
    {
        var completions = new List<Action>();
        var failure = await RunAstroAsync(jobs, completions, cancellationToken).ConfigureAwait(false);
        foreach (var complete in completions)
        {
            complete();
        }

        return failure;
    }

    private async Task<ProviderException?> RunAstroAsync(List<Job> jobs, List<Action> completions, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var template = SiteTemplate.Resolve(_options.TemplateDirectory, Provider);
        var nodeModules = await EnsureDependenciesAsync(template, cancellationToken).ConfigureAwait(false);

        var outputParents = jobs.Select(j => Path.GetDirectoryName(j.Output)!).Distinct(StringComparer.Ordinal).ToList();
        var workRoot = _options.WorkDirectory ?? outputParents[0];
        var work = Path.Combine(workRoot, $"{WorkPrefix}{jobs[0].Request.SiteId:N}-{Guid.NewGuid():N}");
        try
        {
            foreach (var root in outputParents.Prepend(workRoot).Distinct(StringComparer.Ordinal))
            {
                SweepStale(root);
            }

            StartWorkFolder(work);
            CopyTemplate(template, work);
            File.CreateSymbolicLink(Path.Combine(work, "node_modules"), nodeModules);
            var sitesJson = Path.Combine(work, "sites.json");
            await File.WriteAllTextAsync(sitesJson, SitesJson(jobs.Select(j => j.Request)), cancellationToken).ConfigureAwait(false);

            var env = new Dictionary<string, string?>
            {
                ["ASTRO_TELEMETRY_DISABLED"] = "1",
                ["SITES_DATA"] = sitesJson,
                ["NO_COLOR"] = "1",
                ["CI"] = "1",
                ["NODE_ENV"] = "production",
            };
            var result = await ProcessRunner.RunAsync(_options.NpmCommand, ["run", "build", "--silent"], work, env, _options.BuildTimeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var reason = result.TimedOut ? $"timed out after {_options.BuildTimeout.TotalSeconds:0} s" : $"exited with code {result.ExitCode}";
                var what = jobs.Count == 1 ? $"astro build for {jobs[0].Request.Domain}" : $"astro build of {jobs.Count} sites ({jobs[0].Request.Domain}, …)";
                // A timeout is the machine being busy, worth a retry; a non-zero exit is the template or the content.
                return new ProviderException(Provider, result.TimedOut ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent, $"{what} {reason}: {LastLines(result.OutputTail, 15)}");
            }

            var files = PlaceOutputs(jobs, Path.Combine(work, "dist"), completions);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.BatchBuilt(_logger, jobs.Count, files, elapsedMs);
            return null;
        }
        finally
        {
            TryDelete(work);
            _running.TryRemove(work, out _);
        }
    }

    /// <summary>
    /// Moves <c>dist/{domain}</c> of each site to its output, with a copy of any shared top-level entry of
    /// <paramref name="dist"/> (none while stylesheets are inlined). A site without its index.html, or whose output
    /// cannot be placed, fails alone. Each caller's outcome goes to <paramref name="completions"/>. Returns the number of
    /// files placed.
    /// </summary>
    private int PlaceOutputs(List<Job> jobs, string dist, List<Action> completions)
    {
        var domains = jobs.Select(j => j.Request.Domain.Value).ToHashSet(StringComparer.Ordinal);
        var shared = Directory.Exists(dist)
            ? new DirectoryInfo(dist).EnumerateFileSystemInfos().Where(e => !domains.Contains(e.Name)).ToList()
            : [];
        var total = 0;
        foreach (var job in jobs)
        {
            if (job.Abandoned)
            {
                continue; // cancelled while building: its files go with the work folder
            }

            var site = Path.Combine(dist, job.Request.Domain.Value);
            if (!File.Exists(Path.Combine(site, "index.html")))
            {
                completions.Add(() => job.Fail(new ProviderException(Provider, ProviderErrorKind.Permanent, $"astro build for {job.Request.Domain} produced no index.html.")));
                continue;
            }

            try
            {
                foreach (var entry in shared)
                {
                    if (entry is DirectoryInfo d)
                    {
                        CopyDirectory(d.FullName, Path.Combine(site, entry.Name));
                    }
                    else
                    {
                        File.Copy(entry.FullName, Path.Combine(site, entry.Name));
                    }
                }

                Directory.CreateDirectory(Path.GetDirectoryName(job.Output)!);
                MoveDirectory(site, job.Output);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                completions.Add(() => job.Fail(new ProviderException(Provider, ProviderErrorKind.Transient, $"The build of {job.Request.Domain} could not be put in place: {e.Message}", inner: e)));
                continue;
            }

            var files = Directory.EnumerateFiles(job.Output, "*", SearchOption.AllDirectories).Count();
            total += files;
            var duration = Stopwatch.GetElapsedTime(job.Queued);
            Log.Built(_logger, job.Request.Domain.Value, files, duration.TotalMilliseconds, jobs.Count);
            var result = new SiteBuildResult(job.Output, files, duration);
            completions.Add(() => job.Done.TrySetResult(result));
        }

        return total;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7204, Level = LogLevel.Information, Message = "Astro run built {Sites} site(s), {Files} files in {ElapsedMs:0} ms")]
        public static partial void BatchBuilt(ILogger logger, int sites, int files, double elapsedMs);

        [LoggerMessage(EventId = 7205, Level = LogLevel.Warning, Message = "Astro run of {Sites} sites failed; building each half again to find the failing site: {Reason}")]
        public static partial void BatchFailed(ILogger logger, int sites, string reason);
    }
}
