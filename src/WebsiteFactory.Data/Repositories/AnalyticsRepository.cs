using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.daily_analytics</c> table.</summary>
public sealed class AnalyticsRepository : IAnalyticsRepository
{
    private const string Columns = "date, site_id, matomo_visits, gsc_clicks, gsc_impressions, updated_at";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the repository.</summary>
    public AnalyticsRepository(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    /// <remarks>
    /// Rows for the same (date, site) within one call are merged first (later non-null figures win), because one
    /// <c>INSERT … ON CONFLICT</c> may not touch a row twice. Rows whose figures would not change are not rewritten.
    /// </remarks>
    public async Task<int> UpsertAsync(IReadOnlyList<DailyAnalytics> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<FieldError>();
        foreach (var row in rows)
        {
            if (row.MatomoVisits < 0 || row.GscClicks < 0 || row.GscImpressions < 0)
            {
                errors.Add(new FieldError("daily_analytics", $"Negative figure for site {row.SiteId} on {row.Date:yyyy-MM-dd}."));
            }
        }

        EntityValidationException.ThrowIfAny(errors);
        if (rows.Count == 0)
        {
            return 0;
        }

        var merged = new Dictionary<(DateOnly, Guid), DailyAnalytics>();
        foreach (var row in rows)
        {
            merged[(row.Date, row.SiteId)] = merged.TryGetValue((row.Date, row.SiteId), out var prev)
                ? prev with
                {
                    MatomoVisits = row.MatomoVisits ?? prev.MatomoVisits,
                    GscClicks = row.GscClicks ?? prev.GscClicks,
                    GscImpressions = row.GscImpressions ?? prev.GscImpressions,
                }
                : row;
        }

        var list = merged.Values.ToArray();
        await using var cmd = _dataSource.Command(
            """
            INSERT INTO wf.daily_analytics AS d (date, site_id, matomo_visits, gsc_clicks, gsc_impressions)
            SELECT * FROM unnest(@dates, @sites, @visits, @clicks, @impressions)
            ON CONFLICT (date, site_id) DO UPDATE SET
                matomo_visits = COALESCE(EXCLUDED.matomo_visits, d.matomo_visits),
                gsc_clicks = COALESCE(EXCLUDED.gsc_clicks, d.gsc_clicks),
                gsc_impressions = COALESCE(EXCLUDED.gsc_impressions, d.gsc_impressions),
                updated_at = now()
            WHERE (COALESCE(EXCLUDED.matomo_visits, d.matomo_visits), COALESCE(EXCLUDED.gsc_clicks, d.gsc_clicks),
                   COALESCE(EXCLUDED.gsc_impressions, d.gsc_impressions))
                  IS DISTINCT FROM (d.matomo_visits, d.gsc_clicks, d.gsc_impressions)
            """,
            Sql.P("dates", NpgsqlDbType.Array | NpgsqlDbType.Date, list.Select(r => r.Date).ToArray()),
            Sql.P("sites", NpgsqlDbType.Array | NpgsqlDbType.Uuid, list.Select(r => r.SiteId).ToArray()),
            Sql.P("visits", NpgsqlDbType.Array | NpgsqlDbType.Integer, list.Select(r => r.MatomoVisits).ToArray()),
            Sql.P("clicks", NpgsqlDbType.Array | NpgsqlDbType.Integer, list.Select(r => r.GscClicks).ToArray()),
            Sql.P("impressions", NpgsqlDbType.Array | NpgsqlDbType.Integer, list.Select(r => r.GscImpressions).ToArray()));
        try
        {
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (PostgresErrors.IsForeignKeyViolation(e))
        {
            var missing = await FirstMissingSiteAsync(list.Select(r => r.SiteId).Distinct().ToArray(), cancellationToken);
            throw new UnknownReferenceException("site", "site_id", missing?.ToString(), e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyAnalytics>> ListForSiteAsync(Guid siteId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        await using var cmd = _dataSource.Command(
            $"SELECT {Columns} FROM wf.daily_analytics WHERE site_id = @site AND date BETWEEN @from AND @to ORDER BY date",
            Sql.P("site", NpgsqlDbType.Uuid, siteId),
            Sql.P("from", NpgsqlDbType.Date, from),
            Sql.P("to", NpgsqlDbType.Date, to));
        return await ReadAsync(cmd, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyAnalytics>> ListAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        await using var cmd = _dataSource.Command(
            $"SELECT {Columns} FROM wf.daily_analytics WHERE date BETWEEN @from AND @to ORDER BY date, site_id",
            Sql.P("from", NpgsqlDbType.Date, from),
            Sql.P("to", NpgsqlDbType.Date, to));
        return await ReadAsync(cmd, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyAnalyticsTotal>> GetTotalsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        await using var cmd = _dataSource.Command(
            """
            SELECT date, count(*)::int, COALESCE(sum(matomo_visits), 0)::bigint, COALESCE(sum(gsc_clicks), 0)::bigint,
                   COALESCE(sum(gsc_impressions), 0)::bigint
            FROM wf.daily_analytics WHERE date BETWEEN @from AND @to GROUP BY date ORDER BY date
            """,
            Sql.P("from", NpgsqlDbType.Date, from),
            Sql.P("to", NpgsqlDbType.Date, to));
        var list = new List<DailyAnalyticsTotal>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DailyAnalyticsTotal(r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<DateOnly?> GetLatestDateAsync(AnalyticsSource source, Guid? siteId = null, CancellationToken cancellationToken = default)
    {
        var column = source switch
        {
            AnalyticsSource.Matomo => "matomo_visits",
            AnalyticsSource.SearchConsole => "gsc_clicks",
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown analytics source."),
        };
        await using var cmd = _dataSource.Command(
            $"SELECT max(date) FROM wf.daily_analytics WHERE {column} IS NOT NULL AND (@site IS NULL OR site_id = @site)",
            Sql.P("site", NpgsqlDbType.Uuid, siteId));
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return value is DateOnly d ? d : value is DateTime dt ? DateOnly.FromDateTime(dt) : null;
    }

    private async Task<Guid?> FirstMissingSiteAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.Command(
            "SELECT x FROM unnest(@ids) AS x WHERE NOT EXISTS (SELECT 1 FROM wf.sites s WHERE s.id = x) LIMIT 1",
            Sql.P("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids));
        return await cmd.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static void CheckRange(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new EntityValidationException("to", "The end date is before the start date.");
        }
    }

    private static async Task<IReadOnlyList<DailyAnalytics>> ReadAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<DailyAnalytics>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DailyAnalytics
            {
                Date = r.GetFieldValue<DateOnly>(0),
                SiteId = r.GetGuid(1),
                MatomoVisits = r.Nullable<int>(2),
                GscClicks = r.Nullable<int>(3),
                GscImpressions = r.Nullable<int>(4),
                UpdatedAt = r.GetFieldValue<DateTimeOffset>(5),
            });
        }

        return list;
    }
}
