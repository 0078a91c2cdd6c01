using System.Collections.Concurrent;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary>An <see cref="IContentStore"/> in memory, keyed like Directus by (site, slug).</summary>
public sealed class InMemoryContentStore : IContentStore
{
    private readonly ConcurrentDictionary<(Guid Site, string Slug), GeneratedPage> pages = new();

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ContentUpsertOutcome> UpsertPageAsync(Guid siteId, GeneratedPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var outcome = ContentUpsertOutcome.Created;
        this.pages.AddOrUpdate((siteId, page.Slug), page, (_, old) =>
        {
            outcome = old == page ? ContentUpsertOutcome.Unchanged : ContentUpsertOutcome.Updated;
            return page;
        });
        return Task.FromResult(outcome);
    }

    public Task<IReadOnlyList<GeneratedPage>> GetPagesAsync(Guid siteId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GeneratedPage>>(this.pages.Where(p => p.Key.Site == siteId).Select(p => p.Value).OrderBy(p => p.Slug, StringComparer.Ordinal).ToList());
}
