namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Resolves a site's <c>gsc_account_id</c> into the account the Search Console adapter needs.</summary>
public interface ISearchConsoleAccountDirectory
{
    /// <summary>The account; <see cref="KeyNotFoundException"/> when unknown.</summary>
    Task<SearchConsoleAccount> GetAsync(Guid id, CancellationToken cancellationToken = default);
}
