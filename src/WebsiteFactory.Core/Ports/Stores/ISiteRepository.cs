using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// The operator's view of the <c>sites</c> table: register, import, list, edit, delete. Pipeline steps change statuses
/// through <see cref="ISiteStateStore"/> instead. Bad input never writes anything.
/// </summary>
public interface ISiteRepository
{
    /// <summary>Registers one site with every status <c>pending</c> and appends a <c>registered</c> event.</summary>
    /// <param name="site">The site.</param>
    /// <param name="actor">Who (for the audit trail), e.g. <c>user:alice</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="EntityValidationException">A field is invalid.</exception>
    /// <exception cref="DuplicateEntityException">The domain is already registered.</exception>
    /// <exception cref="UnknownReferenceException">An account or server id does not exist.</exception>
    Task<Site> CreateAsync(NewSite site, string actor = "system", CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates every row (domain, references by id or nickname, duplicates within the batch and against the table)
    /// and inserts all of them in one transaction, or none and reports every failing row.
    /// </summary>
    Task<SiteImportResult> ImportAsync(IReadOnlyList<SiteImportRow> rows, string actor = "system", CancellationToken cancellationToken = default);

    /// <summary>Lists sites matching the filters, one page at a time.</summary>
    /// <exception cref="EntityValidationException">Paging values are out of range.</exception>
    Task<PagedResult<Site>> ListAsync(SiteQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads by id; null when absent.</summary>
    Task<Site?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Reads by domain; null when absent.</summary>
    Task<Site?> GetByDomainAsync(DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>Replaces the editable fields and appends a <c>registered</c> event; returns the stored site.</summary>
    /// <exception cref="EntityValidationException">A field is invalid.</exception>
    /// <exception cref="UnknownReferenceException">An account or server id does not exist.</exception>
    /// <exception cref="EntityNotFoundException">No site with this id.</exception>
    Task<Site> UpdateAsync(Guid id, SiteEdit edit, string actor = "system", CancellationToken cancellationToken = default);

    /// <summary>Deletes the site with its events and analytics; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts sites per coarse progress state, for dashboards.</summary>
    Task<IReadOnlyDictionary<SiteProgressFilter, long>> CountByProgressAsync(CancellationToken cancellationToken = default);
}
