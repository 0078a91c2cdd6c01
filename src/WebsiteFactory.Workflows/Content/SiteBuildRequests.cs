using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content;

/// <summary>Builds a site's release from what the content store holds (shared by the build and deploy activities).</summary>
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

        var request = new SiteBuildRequest
        {
            SiteId = site.Id,
            Domain = site.Domain,
            Brand = site.Brand ?? site.Domain.Value,
            Language = site.Language,
            Pages = pages,
            MatomoUrl = matomo,
            MatomoSiteId = site.MatomoSiteId,
        };
        var result = await builder.BuildAsync(request, outputDirectory, ct).ConfigureAwait(false);
        return result.FileCount;
    }
}
