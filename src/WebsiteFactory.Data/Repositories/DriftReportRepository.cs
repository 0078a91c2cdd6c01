using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.drift_reports</c> table: the reconcile's reports as jsonb, newest last.</summary>
public sealed class DriftReportRepository : IDriftReportStore
{
    /// <summary>Reports kept; older ones are deleted when a new one is stored.</summary>
    public const int Retention = 30;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the repository.</summary>
    /// <param name="dataSource">The data source.</param>
    public DriftReportRepository(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    public async Task SaveAsync(DriftReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var cmd = _dataSource.Command(
            $"""
            WITH added AS (
                INSERT INTO wf.drift_reports (instance_id, started_at, finished_at, orphans, ghosts, drifted, report)
                VALUES (@instance, @started, @finished, @orphans, @ghosts, @drifted, @report)
                RETURNING id
            )
            DELETE FROM wf.drift_reports
            WHERE id <= (SELECT id FROM added) - {Retention}
            """,
            Sql.P("instance", NpgsqlDbType.Text, report.InstanceId),
            Sql.P("started", NpgsqlDbType.TimestampTz, report.StartedAt),
            Sql.P("finished", NpgsqlDbType.TimestampTz, report.FinishedAt),
            Sql.P("orphans", NpgsqlDbType.Integer, report.Count(DriftKind.Orphan)),
            Sql.P("ghosts", NpgsqlDbType.Integer, report.Count(DriftKind.Ghost)),
            Sql.P("drifted", NpgsqlDbType.Integer, report.Count(DriftKind.Drift)),
            Sql.P("report", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(report, JsonOptions)));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DriftReport?> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.Command("SELECT report::text FROM wf.drift_reports ORDER BY id DESC LIMIT 1");
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<DriftReport>(json, JsonOptions)
            : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Counts in PostgreSQL over the findings array (kind and vendor as <see cref="SaveAsync"/> serialises them); the
    /// findings are not read at all when the stored <c>orphans</c> column says there are none.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, int>?> CountLatestOrphansAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.Command(
            """
            SELECT f.value->>'vendor' AS vendor, count(f.value)::integer
            FROM (SELECT id, orphans, report FROM wf.drift_reports ORDER BY id DESC LIMIT 1) r
            LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN r.orphans > 0 THEN r.report->'findings' END) f ON f.value->>'kind' = 'orphan'
            GROUP BY r.id, f.value->>'vendor'
            """);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, int>? counts = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (!reader.IsDBNull(0))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        return counts;
    }
}
