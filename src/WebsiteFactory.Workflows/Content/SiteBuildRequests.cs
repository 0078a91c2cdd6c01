using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// Builds a site's release from what the content store holds (shared by the build and deploy activities): locally into the
/// artifacts directory, or on the site's server when the host registers an <see cref="IServerSiteBuilder"/>.
/// </summary>
internal static class SiteBuildRequests
{
    public static string OutputDirectory(ContentWorkflowOptions options, Guid siteId, string releaseId) =>
        Path.Combine(options.ArtifactsDirectory, siteId.ToString("N"), releaseId);

    public static async Task<int> BuildAsync(Site site, ContentSettings settings, ContentWorkflowOptions options, string outputDirectory, IContentStore content, ISiteBuilder builder, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(outputDirectory, "index.html")))
        {
            // A retried delivery after a finished build: reuse it.
            return Directory.EnumerateFiles(outputDirectory, "*", SearchOption.AllDirectories).Count();
        }

        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        var request = await RequestAsync(site, settings, options, content, ct).ConfigureAwait(false);
        var result = await builder.BuildAsync(request, outputDirectory, ct).ConfigureAwait(false);
        return result.FileCount;
    }

    /// <summary>
    /// Builds the release on the site's server unless the server already holds it (a retried step, or a build another
    /// worker finished): nothing of the build passes through this worker, so any worker can deploy it afterwards.
    /// </summary>
    /// <returns>Files in the release.</returns>
    public static async Task<int> BuildOnServerAsync(Site site, ContentSettings settings, ContentWorkflowOptions options, DeployTarget target, string releaseId, IContentStore content, IServerSiteBuilder builder, CancellationToken ct)
    {
        var found = await builder.FindAsync(target, releaseId, ct).ConfigureAwait(false);
        if (found.State != ServerReleaseState.Missing)
        {
            return found.FileCount;
        }

        var request = await RequestAsync(site, settings, options, content, ct).ConfigureAwait(false);
        var result = await builder.BuildAsync(request, target, releaseId, ct).ConfigureAwait(false);
        return result.FileCount;
    }

    private static async Task<SiteBuildRequest> RequestAsync(Site site, ContentSettings settings, ContentWorkflowOptions options, IContentStore content, CancellationToken ct)
    {
        var pages = await content.GetPagesAsync(site.Id, ct).ConfigureAwait(false);
        if (pages.Count == 0)
        {
            throw new PermanentStepException($"The content store has no pages for {site.Domain}; generate content first.");
        }

        Uri? matomo = null;
        if ((settings.MatomoUrl ?? options.MatomoUrl) is { } m && !Uri.TryCreate(m, UriKind.Absolute, out matomo))
        {
            throw new PermanentStepException($"Matomo URL '{m}' is not an absolute URL.");
        }

        return new SiteBuildRequest
        {
            SiteId = site.Id,
            Domain = site.Domain,
            Brand = site.Brand ?? site.Domain.Value,
            Language = site.Language,
            Pages = pages,
            MatomoUrl = matomo,
            MatomoSiteId = site.MatomoSiteId,
        };
    }
}
