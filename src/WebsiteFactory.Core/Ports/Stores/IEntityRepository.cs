namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Create/read/update/delete for an account or server record. Records hold secret <em>names</em>; the values go to
/// <see cref="ISecretStore"/> separately.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IEntityRepository<T>
    where T : class
{
    /// <summary>Validates and inserts; returns the stored record (id and <c>CreatedAt</c> filled in).</summary>
    /// <exception cref="Domain.EntityValidationException">A field is invalid.</exception>
    /// <exception cref="DuplicateEntityException">A unique field (email, nickname, name) is taken.</exception>
    Task<T> CreateAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Reads by id; null when absent.</summary>
    Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>All records, ordered by nickname/name.</summary>
    Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Validates and replaces every field but the id and creation time; returns the stored record.</summary>
    /// <exception cref="Domain.EntityValidationException">A field is invalid.</exception>
    /// <exception cref="DuplicateEntityException">A unique field is taken by another record.</exception>
    /// <exception cref="EntityNotFoundException">No record with this id.</exception>
    Task<T> UpdateAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Deletes; false when it did not exist.</summary>
    /// <exception cref="EntityInUseException">Sites still refer to it.</exception>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
