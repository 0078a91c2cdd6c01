using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;

namespace WebsiteFactory.Providers.Tests.Build;

/// <summary>
/// The build queue: requests arriving while the build slot is busy go into one Astro run, a failing site is found by
/// bisection, a cancelled request leaves the queue, and a site's files are the same bytes alone and in a batch.
/// </summary>
/// <remarks>
/// "npm" is a wrapper script that logs each run's site count and, while <c>hold-{run}</c> exists, keeps that run waiting:
/// the tests fill the queue behind a held run, then let it go. It then runs the real npm, or a fake renderer in Node for
/// the queue tests (milliseconds per run).
/// </remarks>
public sealed class AstroSiteBuilderBatchTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wf-batch-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public AstroSiteBuilderBatchTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAsync_SiteAloneAndInBatchOf25_ProduceByteIdenticalTrees()
    {
        var site = Site(7, AstroSiteBuilderTests.Request());
        var others = Enumerable.Range(0, 24).Select(i => Site(100 + i, AstroSiteBuilderTests.Request("o" + i))).ToList();

        using (var alone = AstroSiteBuilderTests.Builder())
        {
            await alone.BuildAsync(site, Out("alone"));
        }

        using var batched = Builder(realNpm: true);
        Hold(1);
        var blocker = batched.BuildAsync(Site(1, AstroSiteBuilderTests.Request("blocker")), Out("blocker"));
        await WaitUntilAsync(() => Started(1));
        var builds = others.Take(12).Append(site).Concat(others.Skip(12))
            .Select(r => batched.BuildAsync(r, Out(r.Domain.Value))).ToList();
        await WaitUntilAsync(() => batched.QueuedCount == 25);
        Release(1);
        await blocker;
        var results = await Task.WhenAll(builds);

        Assert.Equal(new[] { 1, 25 }, Runs());
        Assert.Equal(Tree(Out("alone")), Tree(Out(site.Domain.Value)));
        Assert.True(Tree(Out("alone")).Count >= 5);
        Assert.All(results, r => Assert.Equal(5, r.FileCount));
        var other = await File.ReadAllTextAsync(Path.Combine(Out(others[3].Domain.Value), "first", "index.html"));
        Assert.Contains($"https://{others[3].Domain}/first/", other, StringComparison.Ordinal);
        Assert.Contains("First o3", other, StringComparison.Ordinal);
        var sitemap = await File.ReadAllTextAsync(Path.Combine(Out(others[3].Domain.Value), "sitemap.xml"));
        Assert.Contains($"<loc>https://{others[3].Domain}/second/</loc>", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Domain.Value, sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_RequestsWhileSlotBusy_ShareOneRunWithSharedAssetsCopied()
    {
        using var builder = Builder(realNpm: false);
        Hold(1);
        var first = builder.BuildAsync(Site(1), Out("s1"));
        await WaitUntilAsync(() => Started(1));
        var rest = Enumerable.Range(2, 5).Select(i => builder.BuildAsync(Site(i), Out("s" + i))).ToList();
        await WaitUntilAsync(() => builder.QueuedCount == 5);
        Release(1);

        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(new[] { 1, 5 }, Runs());
        Assert.All(results, r => Assert.Equal(2, r.FileCount));
        Assert.Equal("site-4.example.com", await File.ReadAllTextAsync(Path.Combine(Out("s4"), "index.html")));
        Assert.True(File.Exists(Path.Combine(Out("s4"), "_astro", "shared.css")));
        Assert.Empty(Directory.EnumerateDirectories(_root, AstroSiteBuilder.WorkPrefix + "*"));
    }

    [Fact]
    public async Task BuildAsync_OneBadSiteInBatch_OnlyItFailsWithItsDomain()
    {
        using var builder = Builder(realNpm: false);
        Hold(1);
        var first = builder.BuildAsync(Site(1), Out("s1"));
        await WaitUntilAsync(() => Started(1));
        var requests = new[] { Site(2), Site(3), Site(4, domain: "bad-site.example.com"), Site(5) };
        var builds = requests.Select(r => builder.BuildAsync(r, Out(r.Domain.Value))).ToList();
        await WaitUntilAsync(() => builder.QueuedCount == 4);
        Release(1);
        await first;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => builds[2]);
        await Task.WhenAll(builds[0], builds[1], builds[3]);

        Assert.Equal(ProviderErrorKind.Permanent, failure.Kind);
        Assert.Contains("astro build for bad-site.example.com exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("bad-site.example.com")));
        Assert.True(File.Exists(Path.Combine(Out("site-5.example.com"), "index.html")));
        // The run of 4 failed, then its halves (2 + 2), then the failing half's sites one by one.
        Assert.Equal(new[] { 1, 4, 2, 2, 1, 1 }, Runs());
    }

    [Fact]
    public async Task BuildAsync_CancelledWhileQueued_LeavesQueueAndIsNotBuilt()
    {
        using var builder = Builder(realNpm: false);
        Hold(1);
        var first = builder.BuildAsync(Site(1), Out("s1"));
        await WaitUntilAsync(() => Started(1));
        using var cts = new CancellationTokenSource();
        var cancelled = builder.BuildAsync(Site(2), Out("s2"), cts.Token);
        var kept = builder.BuildAsync(Site(3), Out("s3"));
        await WaitUntilAsync(() => builder.QueuedCount == 2);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, builder.QueuedCount);
        Release(1);
        await Task.WhenAll(first, kept);

        Assert.Equal(new[] { 1, 1 }, Runs());
        Assert.False(Directory.Exists(Out("s2")));
        Assert.True(File.Exists(Path.Combine(Out("s3"), "index.html")));
    }

    [Fact]
    public async Task BuildAsync_SameDomainTwiceQueued_BuiltInSeparateRuns()
    {
        using var builder = Builder(realNpm: false);
        Hold(1);
        var first = builder.BuildAsync(Site(1), Out("s1"));
        await WaitUntilAsync(() => Started(1));
        var a = builder.BuildAsync(Site(2), Out("a"));
        var b = builder.BuildAsync(Site(2), Out("b"));
        var c = builder.BuildAsync(Site(3), Out("c"));
        await WaitUntilAsync(() => builder.QueuedCount == 3);
        Release(1);

        await Task.WhenAll(first, a, b, c);

        Assert.Equal(new[] { 1, 2, 1 }, Runs());
        Assert.True(File.Exists(Path.Combine(Out("b"), "index.html")));
    }

    private static SiteBuildRequest Site(int i, SiteBuildRequest? template = null, string? domain = null) =>
        (template ?? AstroSiteBuilderTests.Request()) with
        {
            SiteId = new Guid(i, 0xba, 0x7c, [0x80, 0, 0, 0, 0, 0, 0, 0]),
            Domain = DomainName.Parse(domain ?? $"site-{i}.example.com", CultureInfo.InvariantCulture),
        };

    private string Out(string name) => Path.Combine(_root, "out", name);

    private void Hold(int run) => File.WriteAllText(Path.Combine(_root, $"hold-{run}"), string.Empty);

    private void Release(int run) => File.Delete(Path.Combine(_root, $"hold-{run}"));

    private bool Started(int run) => File.Exists(Path.Combine(_root, $"started-{run}"));

    private int[] Runs() => [.. File.ReadAllLines(Path.Combine(_root, "runs")).Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture))];

    /// <summary>Relative path → SHA-256 of every file under <paramref name="dir"/>.</summary>
    private static SortedDictionary<string, string> Tree(string dir) => new(
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    private AstroSiteBuilder Builder(bool realNpm)
    {
        var fake = Path.Combine(_root, "fake-astro.mjs");
        File.WriteAllText(fake, """
            import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
            const sites = JSON.parse(readFileSync(process.env.SITES_DATA, 'utf8'));
            for (const s of sites) {
              if (s.domain.startsWith('bad')) { console.error(`cannot render ${s.domain}`); process.exit(3); }
              mkdirSync(`dist/${s.domain}`, { recursive: true });
              writeFileSync(`dist/${s.domain}/index.html`, s.domain);
            }
            mkdirSync('dist/_astro', { recursive: true });
            writeFileSync('dist/_astro/shared.css', 'body{}');
            """);
        var npm = Path.Combine(_root, "npm");
        File.WriteAllText(npm, $"""
            #!/bin/sh
            echo "$(grep -c '"domain"' "$SITES_DATA")" >> '{_root}/runs'
            n=$(wc -l < '{_root}/runs' | tr -d ' ')
            touch "{_root}/started-$n"
            while [ -f "{_root}/hold-$n" ]; do sleep 0.02; done
            {(realNpm ? "exec npm \"$@\"" : $"exec node '{fake}'")}

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new AstroSiteBuilder(
            Options.Create(new AstroBuildOptions
            {
                TemplateDirectory = AstroSiteBuilderTests.FindTemplate(),
                CacheDirectory = Path.Combine(Path.GetTempPath(), "wf-astro-cache-tests"),
                WorkDirectory = _root,
                NpmCommand = npm,
                MaxConcurrentBuilds = 1,
            }),
            NullLogger<AstroSiteBuilder>.Instance);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
