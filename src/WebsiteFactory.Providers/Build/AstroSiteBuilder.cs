using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Build;

/// <summary>
/// <see cref="ISiteBuilder"/> running the real <c>astro build</c> (<c>npm run build</c>) of <c>templates/site</c> in a
/// fresh working directory per build, with <c>node_modules</c> installed once per lockfile and shared by symlink. Requests
/// are queued and built in batches: one Astro run renders every site waiting when a build slot frees up.
/// </summary>
/// <remarks>
/// <para>Batching: the fixed cost of an Astro run (Node start, Vite bundling, about 2 s here) dwarfs rendering a site's
/// pages (milliseconds), so concurrent callers (the engine runs many build activities at once) share runs. There is no
/// wait window: a request arriving while a slot is free starts at once (after one thread-pool hop, which also gathers
/// requests submitted in the same burst); requests arriving while every slot is busy wait for the next free slot and
/// then go together, up to <see cref="AstroBuildOptions.MaxBatchSize"/>. The template renders each site under
/// <c>dist/{domain}/</c> from its own entry only, so a site's files are the same bytes alone or in a batch. A failed run
/// of several sites is bisected (each half built again) until the failing site is alone, so its error, and only its,
/// reaches its caller.</para>
/// <para>Content reaches the build as <c>sites.json</c> (<c>SITES_DATA</c>), written here from the request (which the activity read from
/// Directus). Why not let Astro fetch from Directus itself: the Directus token then never leaves .NET (no secret in a
/// child process's environment), the build needs no network, and a build is reproducible from its input file.</para>
/// <para>Each build (batch) works in <c>wf-build-{site}-{id}</c> (its first site) beside its output (or under <see cref="AstroBuildOptions.WorkDirectory"/>)
/// with a <c>.wf-build</c> marker naming its process and start time. A build killed with its server leaves that folder;
/// the next build of the site (the retried step included), or any build using the same folders, removes every such folder whose process is dead or that is
/// older than <see cref="AstroBuildOptions.StaleBuildAge"/>, so nothing piles up and nothing lands in the temp directory.</para>
/// <para>The dependency cache is keyed by the SHA-256 of <c>package.json</c> + <c>package-lock.json</c>; it is installed
/// into a temporary directory and renamed into place, under a cross-process file lock, so concurrent builds never see a
/// half-installed tree. A template change with a new lockfile gets a new cache entry.</para>
/// </remarks>
public sealed partial class AstroSiteBuilder : ISiteBuilder, IDisposable
{
    private const string Provider = "astro";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly AstroBuildOptions _options;
    private readonly ILogger<AstroSiteBuilder> _logger;
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
        _slots = Math.Max(1, _options.MaxConcurrentBuilds);
        _maxBatch = Math.Max(1, _options.MaxBatchSize);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The request joins the builder's queue; it is built with every other request waiting when a build slot frees up
    /// (one Astro run for up to <see cref="AstroBuildOptions.MaxBatchSize"/> sites), and its folder is moved to
    /// <paramref name="outputDirectory"/>. A lone request starts at once. Cancelling removes a request that has not
    /// started; a started one returns at once and its output is discarded.
    /// </remarks>
    public Task<SiteBuildResult> BuildAsync(SiteBuildRequest request, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        try
        {
            Validate(request);
            if (Directory.Exists(outputDirectory) || File.Exists(outputDirectory))
            {
                throw new ArgumentException($"Output directory '{outputDirectory}' already exists.", nameof(outputDirectory));
            }

            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
        catch (Exception e) when (e is ArgumentException or OperationCanceledException or ObjectDisposedException)
        {
            return Task.FromException<SiteBuildResult>(e);
        }

        return EnqueueAsync(request, Path.GetFullPath(outputDirectory), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        List<Job> abandoned;
        lock (_gate)
        {
            _disposed = true;
            abandoned = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var job in abandoned)
        {
            job.Done.TrySetException(new ObjectDisposedException(nameof(AstroSiteBuilder)));
        }

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
    internal static string SiteJson(SiteBuildRequest r) => SiteNode(r).ToJsonString(JsonOptions);

    /// <summary>The <c>sites.json</c> of a batch: the sites' entries as a JSON array, in the batch's order.</summary>
    internal static string SitesJson(IEnumerable<SiteBuildRequest> requests) =>
        new JsonArray([.. requests.Select(r => (JsonNode)SiteNode(r))]).ToJsonString(JsonOptions);

    private static JsonObject SiteNode(SiteBuildRequest r)
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
        return site;
    }

    private static string LastLines(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.Trim()));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Built {Domain}: {Files} files in {ElapsedMs:0} ms (queued and built, batch of {BatchSize})")]
        public static partial void Built(ILogger logger, string domain, int files, double elapsedMs, int batchSize);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Installed site template dependencies into cache entry {Key}")]
        public static partial void DependenciesInstalled(ILogger logger, string key);
    }
}
