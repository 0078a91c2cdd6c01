using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// The shared create/read/update/delete of the account and server tables. Subclasses name the table, its columns, how a
/// row maps to the record, and which unique index guards which field.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
public abstract class EntityRepository<T> : IEntityRepository<T>
    where T : class
{
    /// <summary>Creates the repository.</summary>
    protected EntityRepository(NpgsqlDataSource dataSource) => DataSource = dataSource;

    /// <summary>The database.</summary>
    protected NpgsqlDataSource DataSource { get; }

    /// <summary>Qualified table name, e.g. <c>wf.servers</c>.</summary>
    protected abstract string Table { get; }

    /// <summary>The entity in words, e.g. <c>server</c>.</summary>
    protected abstract string EntityName { get; }

    /// <summary>The unique, human-facing name column, e.g. <c>account_nickname</c>.</summary>
    protected abstract string NameColumn { get; }

    /// <summary>Writable columns besides <c>id</c>, in the order <see cref="Parameters"/> returns their values.</summary>
    protected abstract IReadOnlyList<string> WritableColumns { get; }

    /// <summary>Unique index name → (field, value of <paramref name="entity"/> for the message).</summary>
    protected abstract (string Field, string? Value)? UniqueField(string constraintName, T entity);

    /// <summary>Maps a row of <c>SELECT id, created_at, {WritableColumns}</c>.</summary>
    protected abstract T Read(NpgsqlDataReader reader);

    /// <summary>Parameters named after <see cref="WritableColumns"/>.</summary>
    protected abstract IEnumerable<NpgsqlParameter> Parameters(T entity);

    /// <summary>The record's id.</summary>
    protected abstract Guid IdOf(T entity);

    /// <summary>Validation failures of the record.</summary>
    protected abstract IReadOnlyList<FieldError> Validate(T entity);

    private string SelectColumns => "id, created_at, " + string.Join(", ", WritableColumns);

    /// <inheritdoc />
    public async Task<T> CreateAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        EntityValidationException.ThrowIfAny(Validate(entity));
        var id = IdOf(entity) == Guid.Empty ? Guid.CreateVersion7() : IdOf(entity);
        var columns = string.Join(", ", WritableColumns);
        var values = string.Join(", ", WritableColumns.Select(c => "@" + c));
        await using var cmd = DataSource.Command(
            $"INSERT INTO {Table} (id, {columns}) VALUES (@id, {values}) RETURNING {SelectColumns}",
            [Sql.P("id", NpgsqlDbType.Uuid, id), .. Parameters(entity)]);
        return await SingleAsync(cmd, entity, cancellationToken) ?? throw new InvalidOperationException("INSERT returned no row.");
    }

    /// <inheritdoc />
    public async Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.Command($"SELECT {SelectColumns} FROM {Table} WHERE id = @id", Sql.P("id", NpgsqlDbType.Uuid, id));
        return await SingleAsync(cmd, null, cancellationToken);
    }

    /// <summary>Reads by the unique name column; null when absent.</summary>
    protected async Task<T?> GetByNameColumnAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var cmd = DataSource.Command($"SELECT {SelectColumns} FROM {Table} WHERE {NameColumn} = @name", Sql.P("name", NpgsqlDbType.Text, name));
        return await SingleAsync(cmd, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.Command($"SELECT {SelectColumns} FROM {Table} ORDER BY {NameColumn}, id");
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<T> UpdateAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        EntityValidationException.ThrowIfAny(Validate(entity));
        var set = string.Join(", ", WritableColumns.Select(c => $"{c} = @{c}"));
        await using var cmd = DataSource.Command(
            $"UPDATE {Table} SET {set} WHERE id = @id RETURNING {SelectColumns}",
            [Sql.P("id", NpgsqlDbType.Uuid, IdOf(entity)), .. Parameters(entity)]);
        return await SingleAsync(cmd, entity, cancellationToken) ?? throw new EntityNotFoundException(EntityName, IdOf(entity).ToString());
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.Command($"DELETE FROM {Table} WHERE id = @id", Sql.P("id", NpgsqlDbType.Uuid, id));
        try
        {
            return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        catch (PostgresException e) when (PostgresErrors.IsForeignKeyViolation(e))
        {
            throw new EntityInUseException(EntityName, id.ToString(), "sites", e);
        }
    }

    private async Task<T?> SingleAsync(NpgsqlCommand cmd, T? entity, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }
        catch (PostgresException e) when (entity is not null && PostgresErrors.IsUniqueViolation(e)
                                          && e.ConstraintName is { } name && UniqueField(name, entity) is { } field)
        {
            throw new DuplicateEntityException(EntityName, field.Field, field.Value, e);
        }
        catch (PostgresException e) when (PostgresErrors.CheckViolation(e) is { } validation)
        {
            throw validation;
        }
    }
}
