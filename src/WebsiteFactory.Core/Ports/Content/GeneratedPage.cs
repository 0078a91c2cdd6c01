namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Structured content of one page, as generated and as stored in the content store.</summary>
public sealed record GeneratedPage
{
    /// <summary>URL path segment (see <see cref="ContentSlug"/>).</summary>
    public required string Slug { get; init; }

    /// <summary>Page title (H1 and &lt;title&gt;).</summary>
    public required string Title { get; init; }

    /// <summary>Meta description, at most 160 characters.</summary>
    public required string MetaDescription { get; init; }

    /// <summary>Body in Markdown (raw HTML is escaped by the site template).</summary>
    public required string BodyMarkdown { get; init; }

    /// <summary>Questions and answers; may be empty.</summary>
    public IReadOnlyList<FaqItem> Faq { get; init; } = [];

    /// <summary>Position in navigation (0-based).</summary>
    public int Sort { get; init; }

    /// <summary>
    /// The generation run that wrote the page (its step's idempotency key), so a retried run skips what it already wrote;
    /// null when unknown.
    /// </summary>
    public string? Generation { get; init; }
}
