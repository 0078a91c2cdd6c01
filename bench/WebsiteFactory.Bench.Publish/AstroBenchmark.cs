using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Directus;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Bench.Publish;

/// <summary>
/// Phase 1: N sites read from the Directus simulator and built with <see cref="AstroSiteBuilder"/> (shared node_modules
/// cache, warm), against the naive build: a fresh template copy with its own <c>npm ci</c> and <c>astro build</c>.
/// </summary>
internal sealed class AstroBenchmark(BenchOptions options, SimulatorHost sim, InMemorySecretStore secrets, Report report, string workRoot)
{
    private const string Phase = "1. Astro build";
    private static readonly string[] FixedFiles = ["index.html", "sitemap.xml", "robots.txt"];

    /// <summary>The template the product builds from, found from this source file (outputs may live outside the tree).</summary>
    public static string TemplateDirectory([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "templates", "site"));

    /// <summary>Builds one site, unmeasured, for a deploy-only run.</summary>
    public async Task<string> BuildOneAsync()
    {
        var store = await ContentStoreAsync(1);
        var pages = await store.GetPagesAsync(SiteId(0));
        using var builder = new AstroSiteBuilder(Options.Create(new AstroBuildOptions { TemplateDirectory = TemplateDirectory(), WorkDirectory = workRoot }), NullLogger<AstroSiteBuilder>.Instance);
        var request = new SiteBuildRequest
        {
            SiteId = SiteId(0), Domain = DomainName.Parse("bench-site-0.example.com", CultureInfo.InvariantCulture), Brand = "Roast Lab", Language = "en", Pages = pages,
            MatomoUrl = new Uri("https://matomo.example.net/"), MatomoSiteId = 1,
        };
        var output = Path.Combine(workRoot, "out-deploy");
        await builder.BuildAsync(request, output);
        Check(request, output);
        return output;
    }

    private static Guid SiteId(int i) => new(i + 1, 0xb0, 0xb1, [0x80, 0, 0, 0, 0, 0, 0, 0]);

    /// <summary>The real Directus client on the simulator, holding the pages of sites 0..count-1 as the generate step leaves them.</summary>
    private async Task<DirectusContentStore> ContentStoreAsync(int count)
    {
        var store = new DirectusContentStore(
            new HttpClient { BaseAddress = sim.DirectusBaseUrl },
            Options.Create(new DirectusOptions { BaseUrl = sim.DirectusBaseUrl, TokenSecretName = "directus-token" }),
            secrets,
            NullLogger<DirectusContentStore>.Instance);
        await secrets.SetAsync("directus-token", ContentSimulators.DirectusToken);
        await store.EnsureSchemaAsync();
        for (var i = 0; i < count; i++)
        {
            foreach (var page in SiteContent.Pages(i))
            {
                await store.UpsertPageAsync(SiteId(i), page);
            }
        }

        return store;
    }

    /// <summary>Runs the phase; returns the output directory of a built site for the deploy phase.</summary>
    public async Task<string> RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine($"{Phase}: {options.Sites} sites (6 articles each) from the Directus simulator, builder concurrency 2; naive baseline on {options.NaiveSites} site(s)");
        // Content for the warm-up site (index 0), the measured sites and the naive ones, as the generate step leaves it.
        var total = 1 + options.Sites + options.NaiveSites;
        var ids = Enumerable.Range(0, total).Select(SiteId).ToArray();
        var store = await ContentStoreAsync(total);

        var builderOptions = new AstroBuildOptions { TemplateDirectory = TemplateDirectory(), WorkDirectory = workRoot };
        using var builder = new AstroSiteBuilder(Options.Create(builderOptions), NullLogger<AstroSiteBuilder>.Instance);

        async Task<SiteBuildRequest> RequestAsync(int i) => new()
        {
            SiteId = ids[i],
            Domain = DomainName.Parse($"bench-site-{i}.example.com", CultureInfo.InvariantCulture),
            Brand = $"Roast Lab {i}",
            Language = "en",
            Pages = await store.GetPagesAsync(ids[i]),
            MatomoUrl = new Uri("https://matomo.example.net/"),
            MatomoSiteId = i + 1,
            GoogleSiteVerification = $"gsc-token-{i}",
        };

        // Warm-up: fills the shared node_modules cache if it is cold (reported, not measured) and warms the page cache.
        var cacheRoot = builderOptions.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "wf-astro-cache");
        var cold = !Directory.Exists(cacheRoot) || !Directory.EnumerateFiles(cacheRoot, ".complete", SearchOption.AllDirectories).Any();
        var warmRequest = await RequestAsync(0);
        var warm = Stopwatch.StartNew();
        var warmOut = Path.Combine(workRoot, "out-warmup");
        await builder.BuildAsync(warmRequest, warmOut);
        Check(warmRequest, warmOut);
        report.Line(Phase, $"warm-up build ({(cold ? "cold cache: includes the one npm install" : "cache already warm")})", $"{warm.Elapsed.TotalSeconds:F1} s");

        // One site alone (nothing else running): the latency a single redeploy sees.
        var aloneRequest = await RequestAsync(1);
        var alone = Stopwatch.StartNew();
        var aloneOut = Path.Combine(workRoot, "out-alone");
        await builder.BuildAsync(aloneRequest, aloneOut);
        var aloneSeconds = alone.Elapsed.TotalSeconds;
        Check(aloneRequest, aloneOut);
        Exec.TryDelete(aloneOut);

        // N sites through the builder, two at a time (its MaxConcurrentBuilds default: Astro is CPU-bound on 2 cores).
        var times = new List<double>();
        var outputs = new string[options.Sites];
        var next = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, builderOptions.MaxConcurrentBuilds).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) - 1 is var i && i < options.Sites)
            {
                var started = Stopwatch.GetTimestamp();
                var request = await RequestAsync(1 + i);
                var output = Path.Combine(workRoot, $"out-{i}");
                await builder.BuildAsync(request, output);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Check(request, output);
                lock (times)
                {
                    times.Add(seconds);
                    outputs[i] = output;
                    Report.Progress($"built {times.Count}/{options.Sites}: {request.Domain} in {seconds:F1} s");
                }
            }
        }));
        var wallSeconds = wall.Elapsed.TotalSeconds;
        var perSiteEffective = wallSeconds / options.Sites;

        // Naive: what a script without the shared cache does, one site at a time.
        var naive = new List<(double Total, double Install, double Build)>();
        for (var k = 0; k < options.NaiveSites; k++)
        {
            var request = await RequestAsync(1 + options.Sites + k);
            var result = await NaiveBuildAsync(request, k);
            naive.Add(result);
            Report.Progress($"naive build {k + 1}/{options.NaiveSites}: {result.Total:F1} s (npm ci {result.Install:F1} s + astro build {result.Build:F1} s)");
        }

        var naiveMedian = Report.Median(naive.Select(n => n.Total).ToList());
        report.Line(Phase, "ours: one site alone (Directus read + astro build)", $"{aloneSeconds:F1} s", $"naive/ours {naiveMedian / aloneSeconds:F1}×");
        report.Line(Phase, $"ours: per-site build time p50 / p95 ({options.Sites} sites, 2 at a time)", $"{Report.Percentile(times, 0.5):F1} / {Report.Percentile(times, 0.95):F1} s");
        report.Line(Phase, $"ours: {options.Sites} sites wall time → sites/min", $"{wallSeconds:F1} s → {60 / perSiteEffective:F1}/min");
        report.Line(Phase, "ours: effective time per site (wall / N)", $"{perSiteEffective:F1} s", $"naive/ours {naiveMedian / perSiteEffective:F1}×");
        report.Line(Phase, $"naive: fresh copy + npm ci + astro build, per site (median of {naive.Count})", $"{naiveMedian:F1} s");
        report.Line(Phase, "naive: of which npm ci / astro build (median)", $"{Report.Median(naive.Select(n => n.Install).ToList()):F1} / {Report.Median(naive.Select(n => n.Build).ToList()):F1} s");
        report.Line(Phase, "naive: sites/min", $"{60 / naiveMedian:F1}/min", $"ours/naive throughput {naiveMedian / perSiteEffective:F1}×");

        foreach (var o in outputs.Skip(1))
        {
            Exec.TryDelete(o);
        }

        Exec.TryDelete(warmOut);
        return outputs[0];
    }

    private async Task<(double Total, double Install, double Build)> NaiveBuildAsync(SiteBuildRequest request, int k)
    {
        var dir = Path.Combine(workRoot, $"naive-{k}");
        var total = Stopwatch.StartNew();
        Exec.CopyTree(TemplateDirectory(), dir, "node_modules", "dist", ".astro", "site.json");
        var siteJson = Path.Combine(dir, "site.json");
        await File.WriteAllTextAsync(siteJson, SiteContent.SiteJson(request));
        var env = new Dictionary<string, string> { ["ASTRO_TELEMETRY_DISABLED"] = "1", ["CI"] = "1", ["NO_COLOR"] = "1" };
        var install = await Exec.RunAsync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], dir, env);
        if (install.ExitCode != 0)
        {
            Report.Progress("npm ci --offline failed (packages not in the npm cache?); trying online npm ci");
            install = await Exec.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], dir, env);
            if (install.ExitCode != 0)
            {
                report.Fail($"naive npm ci failed ({install.ExitCode}): {Tail(install.Output)}");
            }
        }

        var buildEnv = new Dictionary<string, string>(env)
        {
            ["SITES_DATA"] = siteJson,
            ["NODE_ENV"] = "production",
        };
        var build = await Exec.RunAsync("npm", ["run", "build", "--silent"], dir, buildEnv);
        var seconds = total.Elapsed.TotalSeconds;
        if (build.ExitCode != 0)
        {
            report.Fail($"naive astro build failed ({build.ExitCode}): {Tail(build.Output)}");
        }
        else
        {
            Check(request, Path.Combine(dir, "dist", request.Domain.Value));
        }

        Exec.TryDelete(dir);
        return (seconds, install.Elapsed.TotalSeconds, build.Elapsed.TotalSeconds);
    }

    /// <summary>A build is right when the home, every article, the sitemap, robots.txt and the tracking snippet are there.</summary>
    private void Check(SiteBuildRequest request, string output)
    {
        var missing = FixedFiles
            .Concat(request.Pages.Select(p => Path.Combine(p.Slug, "index.html")))
            .Where(f => !File.Exists(Path.Combine(output, f)))
            .ToList();
        if (missing.Count > 0)
        {
            report.Fail($"build of {request.Domain} lacks {string.Join(", ", missing)}");
            return;
        }

        var home = File.ReadAllText(Path.Combine(output, "index.html"));
        if (!home.Contains($"matomoSiteId = \"{request.MatomoSiteId}\"", StringComparison.Ordinal))
        {
            report.Fail($"build of {request.Domain} has no Matomo snippet for site {request.MatomoSiteId}");
        }
    }

    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
}
