using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Content;

/// <summary>What the site builder needs to render one site.</summary>
public sealed record SiteBuildRequest
{
    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>The domain (canonical URLs, sitemap, robots.txt use <c>https://{domain}</c>).</summary>
    public required DomainName Domain { get; init; }

    /// <summary>Brand shown in header, footer and home title.</summary>
    public required string Brand { get; init; }

    /// <summary>BCP 47 language tag (the <c>html lang</c> attribute).</summary>
    public string Language { get; init; } = "en";

    /// <summary>The pages, as read from the content store.</summary>
    public required IReadOnlyList<GeneratedPage> Pages { get; init; }

    /// <summary>Base URL of the Matomo instance; no tracking snippet when null.</summary>
    public Uri? MatomoUrl { get; init; }

    /// <summary>The site's <c>matomo_site_id</c>; no tracking snippet when null.</summary>
    public int? MatomoSiteId { get; init; }

    /// <summary>Content of a <c>google-site-verification</c> meta tag, when the META method is used; null otherwise.</summary>
    public string? GoogleSiteVerification { get; init; }
}
