namespace WebsiteFactory.Core.Domain;

/// <summary>State of a site's AI-generated content (<c>sites.status_content</c>).</summary>
public enum ContentStatus
{
    /// <summary>No content generated yet.</summary>
    Pending,
    /// <summary>Generation is running.</summary>
    Generating,
    /// <summary>Content is stored in Directus.</summary>
    Generated,
    /// <summary>Generation failed; see <see cref="Site.ErrorMessage"/>.</summary>
    Failed,
}
