using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Reads <c>wf.site_events</c> (append-only; written by <see cref="SiteRepository"/>).</summary>
public sealed class SiteEventLog : ISiteEventLog
{
    private const string Columns = "id, site_id, step, outcome, message, actor, at";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the log reader.</summary>
    public SiteEventLog(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiteEvent>> ListForSiteAsync(Guid siteId, int limit = 100, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        await using var cmd = _dataSource.Command(
            $"SELECT {Columns} FROM wf.site_events WHERE site_id = @site AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit",
            Sql.P("site", NpgsqlDbType.Uuid, siteId),
            Sql.P("before", NpgsqlDbType.Bigint, beforeId),
            Sql.P("limit", NpgsqlDbType.Integer, limit));
        return await ReadAsync(cmd, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiteEvent>> ListSinceAsync(long afterId, int limit = 100, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        await using var cmd = _dataSource.Command(
            $"SELECT {Columns} FROM wf.site_events WHERE id > @after ORDER BY id LIMIT @limit",
            Sql.P("after", NpgsqlDbType.Bigint, afterId),
            Sql.P("limit", NpgsqlDbType.Integer, limit));
        return await ReadAsync(cmd, cancellationToken);
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > 1000)
        {
            throw new EntityValidationException("limit", "Limit must be between 1 and 1000.");
        }
    }

    private static async Task<IReadOnlyList<SiteEvent>> ReadAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<SiteEvent>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new SiteEvent
            {
                Id = r.GetInt64(0),
                SiteId = r.GetGuid(1),
                Step = DbEnum<SiteStep>.Parse(r.GetString(2)),
                Outcome = DbEnum<StepOutcome>.Parse(r.GetString(3)),
                Message = r.NullableString(4),
                Actor = r.GetString(5),
                At = r.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return list;
    }
}
