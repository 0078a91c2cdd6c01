namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Everything the content generator needs to write a site: who it is for, what about, in which language, which pages.</summary>
public sealed record SiteBrief
{
    /// <summary>The site the content belongs to (tenant key in the content store).</summary>
    public required Guid SiteId { get; init; }

    /// <summary>The site's domain, e.g. <c>example.com</c> (used in prompts and canonical URLs).</summary>
    public required string Domain { get; init; }

    /// <summary>Brand name shown on the site.</summary>
    public required string Brand { get; init; }

    /// <summary>Topic of the site.</summary>
    public required string Niche { get; init; }

    /// <summary>BCP 47 language tag of the content, e.g. <c>en</c>, <c>de-AT</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>The pages to write, in navigation order.</summary>
    public required IReadOnlyList<PageRequest> Pages { get; init; }
}
