namespace WebsiteFactory.Core.Ports.Content;

/// <summary>The headless CMS (Directus) that holds every site's pages, keyed by site.</summary>
public interface IContentStore
{
    /// <summary>Creates the collections and fields the product needs when they are missing (idempotent).</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates <paramref name="page"/> for <paramref name="siteId"/>, keyed by (site, slug). Running it twice
    /// with the same input never creates a second item.
    /// </summary>
    Task<ContentUpsertOutcome> UpsertPageAsync(Guid siteId, GeneratedPage page, CancellationToken cancellationToken = default);

    /// <summary>Reads all pages of a site, ordered by <see cref="GeneratedPage.Sort"/> then slug.</summary>
    Task<IReadOnlyList<GeneratedPage>> GetPagesAsync(Guid siteId, CancellationToken cancellationToken = default);
}
