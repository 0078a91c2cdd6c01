using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;

namespace WebsiteFactory.Bench.Publish;

/// <summary>
/// Phase 1b: batched builds. N sites submitted at once to <see cref="AstroSiteBuilder"/> (its queue renders every waiting
/// site in one Astro run, up to <see cref="AstroBuildOptions.MaxBatchSize"/>, two runs at a time) against one Astro run
/// per site (the same builder with MaxBatchSize 1, two at a time: what it did before batching), measured in this run.
/// </summary>
internal sealed class BatchBenchmark(BenchOptions options, Report report, string workRoot)
{
    private const string Phase = "1b. Batched builds";
    private static readonly string[] FixedFiles = ["index.html", "sitemap.xml", "robots.txt"];

    public async Task RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine($"{Phase}: {string.Join(", ", options.BatchSizes)} sites submitted at once (6 articles each), against one Astro run per site ({options.BaselineSites} sites measured, 2 at a time, extrapolated)");
        Console.WriteLine($"load average at phase start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var requests = Enumerable.Range(0, Math.Max(options.BatchSizes.Max(), options.BaselineSites)).Select(Request).ToList();

        // Warm-up (unmeasured): fills the node_modules cache if cold, warms the page cache.
        using (var warm = Builder(50))
        {
            await warm.BuildAsync(Request(9999), Path.Combine(workRoot, "batch-warmup"));
            Exec.TryDelete(Path.Combine(workRoot, "batch-warmup"));
        }

        // Baseline: one Astro run per site, two at a time.
        var baselineDir = Path.Combine(workRoot, "batch-baseline");
        double baselineAlone;
        using (var single = Builder(1))
        {
            var alone = Stopwatch.StartNew();
            await single.BuildAsync(requests[0], Path.Combine(workRoot, "batch-alone"));
            baselineAlone = alone.Elapsed.TotalSeconds;
            Exec.TryDelete(Path.Combine(workRoot, "batch-alone"));
        }

        double baselineWall;
        using (var single = Builder(1))
        {
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(requests.Take(options.BaselineSites).Select((r, i) => single.BuildAsync(r, Path.Combine(baselineDir, $"site-{i}"))));
            baselineWall = wall.Elapsed.TotalSeconds;
        }

        var baselinePerMin = options.BaselineSites * 60 / baselineWall;
        report.Line(Phase, "baseline: one site alone, one Astro run", $"{baselineAlone:F1} s");
        report.Line(Phase, $"baseline: {options.BaselineSites} sites, one run each, 2 at a time (measured)", $"{baselineWall:F1} s → {baselinePerMin:F1}/min");

        foreach (var n in options.BatchSizes)
        {
            var dir = Path.Combine(workRoot, $"batch-{n}");
            using var builder = Builder(new AstroBuildOptions().MaxBatchSize);
            var wall = Stopwatch.StartNew();
            var results = await Task.WhenAll(requests.Take(n).Select((r, i) => builder.BuildAsync(r, Path.Combine(dir, $"site-{i}"))));
            var seconds = wall.Elapsed.TotalSeconds;
            var perMin = n * 60 / seconds;
            // The baseline for N sites: the single-site time for 1, else N at the measured one-run-per-site rate.
            var baselineSeconds = n == 1 ? baselineAlone : n * 60 / baselinePerMin;
            var baselineNote = n == 1 ? "measured" : n <= options.BaselineSites ? "rate of the measured sites" : "extrapolated from the measured rate";
            report.Line(Phase, $"batched: {n} site(s), wall → sites/min", $"{seconds:F1} s → {perMin:F1}/min", $"baseline {baselineSeconds:F1} s ({baselineNote}), ratio {baselineSeconds / seconds:F1}×");

            for (var i = 0; i < n; i++)
            {
                Check(requests[i], results[i].OutputDirectory);
                // Byte for byte the same files as the same site built alone (the baseline built sites 0..K-1 one per run).
                if (i < options.BaselineSites && n > 1 && !SameTree(Path.Combine(baselineDir, $"site-{i}"), results[i].OutputDirectory))
                {
                    report.Fail($"{requests[i].Domain} built in a batch of {n} differs from its single-site build");
                }
            }

            Exec.TryDelete(dir);
        }

        Exec.TryDelete(baselineDir);
        Console.WriteLine($"load average at phase end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private AstroSiteBuilder Builder(int maxBatchSize) => new(
        Options.Create(new AstroBuildOptions { TemplateDirectory = AstroBenchmark.TemplateDirectory(), WorkDirectory = workRoot, MaxBatchSize = maxBatchSize }),
        NullLogger<AstroSiteBuilder>.Instance);

    private static SiteBuildRequest Request(int i) => new()
    {
        SiteId = new Guid(i + 1, 0xba, 0x7c, [0x80, 0, 0, 0, 0, 0, 0, 1]),
        Domain = DomainName.Parse($"batch-site-{i}.example.com", CultureInfo.InvariantCulture),
        Brand = $"Roast Lab {i}",
        Language = "en",
        Pages = SiteContent.Pages(i),
        MatomoUrl = new Uri("https://matomo.example.net/"),
        MatomoSiteId = i + 1,
        GoogleSiteVerification = $"gsc-token-{i}",
    };

    private void Check(SiteBuildRequest request, string output)
    {
        var expected = FixedFiles.Concat(request.Pages.Select(p => Path.Combine(p.Slug, "index.html")));
        var missing = expected.Where(f => !File.Exists(Path.Combine(output, f))).ToList();
        if (missing.Count > 0)
        {
            report.Fail($"batched build of {request.Domain} lacks {string.Join(", ", missing)}");
            return;
        }

        var home = File.ReadAllText(Path.Combine(output, "index.html"));
        var sitemap = File.ReadAllText(Path.Combine(output, "sitemap.xml"));
        if (!home.Contains($"matomoSiteId = \"{request.MatomoSiteId}\"", StringComparison.Ordinal)
            || !sitemap.Contains($"<loc>https://{request.Domain}/</loc>", StringComparison.Ordinal))
        {
            report.Fail($"batched build of {request.Domain} has the wrong Matomo id or sitemap domain");
        }
    }

    private static bool SameTree(string a, string b)
    {
        static Dictionary<string, string> Hashes(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
        var ha = Hashes(a);
        var hb = Hashes(b);
        return ha.Count == hb.Count && ha.All(kv => hb.TryGetValue(kv.Key, out var h) && h == kv.Value);
    }
}
