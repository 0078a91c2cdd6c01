using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace WebsiteFactory.Data.Migrations;

/// <summary>
/// Applies the embedded, versioned SQL migrations (<c>Migrations/Scripts/NNNN_*.sql</c>) with DbUp, in name order, each
/// in its own transaction, recording them in <c>wf.schema_versions</c>. Safe to run at every start-up and from several
/// processes at once.
/// </summary>
/// <remarks>
/// A PostgreSQL advisory lock serialises concurrent migrators (the server and <c>wf</c> starting together): the second
/// waits, then finds nothing left to do. A failed script rolls back alone and the error names it.
/// </remarks>
public sealed partial class DatabaseMigrator
{
    /// <summary>Schema of the domain tables and of the migration journal.</summary>
    public const string Schema = "wf";

    /// <summary>Journal table (in <see cref="Schema"/>).</summary>
    public const string JournalTable = "schema_versions";

    // Arbitrary constant shared by every migrator process: the key of the advisory lock.
    private const long AdvisoryLockKey = 0x5746_4D49_4752_4154; // "WFMIGRAT"

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<DatabaseMigrator> _logger;

    /// <summary>Creates a migrator for the database behind <paramref name="dataSource"/>.</summary>
    public DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator>? logger = null)
    {
        _dataSource = dataSource;
        _logger = logger ?? NullLogger<DatabaseMigrator>.Instance;
    }

    /// <summary>Names of the migration scripts shipped in this build, in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
        .Where(IsMigration)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Applies every migration not yet applied; returns the names of the scripts it ran (empty when up to date).</summary>
    /// <exception cref="InvalidOperationException">A script failed; its name and PostgreSQL's message are included.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var lockConnection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            cmd.Parameters.AddWithValue("key", AdvisoryLockKey);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // The journal lives in the schema, so the schema must exist before DbUp looks for its journal.
            await using (var cmd = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Schema}", lockConnection))
            {
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            // DbUp is synchronous; keep it off the caller's thread.
            var result = await Task.Run(RunDbUp, cancellationToken);
            if (!result.Successful)
            {
                var script = result.ErrorScript?.Name ?? "(unknown script)";
                throw new InvalidOperationException($"Database migration '{script}' failed: {result.Error?.Message}", result.Error);
            }

            var applied = result.Scripts.Select(s => s.Name).ToArray();
            foreach (var name in applied)
            {
                Log.Applied(_logger, name);
            }

            Log.UpToDate(_logger, ScriptNames.Count, applied.Length);
            return applied;
        }
        finally
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            cmd.Parameters.AddWithValue("key", AdvisoryLockKey);
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private DatabaseUpgradeResult RunDbUp()
    {
        var engine = DeployChanges.To
            .PostgresqlDatabase(new PostgresqlConnectionManager(_dataSource))
            .JournalToPostgresqlTable(Schema, JournalTable)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, IsMigration)
            .WithScriptNameComparer(StringComparer.Ordinal)
            // Scripts use $fn$ dollar quoting; DbUp's $variable$ substitution must not touch them.
            .WithVariablesDisabled()
            .WithTransactionPerScript()
            .LogTo(_logger)
            .Build();
        return engine.PerformUpgrade();
    }

    private static bool IsMigration(string resourceName) =>
        resourceName.StartsWith("WebsiteFactory.Data.Migrations.", StringComparison.Ordinal)
        && resourceName.EndsWith(".sql", StringComparison.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied database migration {Script}")]
        public static partial void Applied(ILogger logger, string script);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Database schema is up to date ({Total} migrations, {Applied} applied now)")]
        public static partial void UpToDate(ILogger logger, int total, int applied);
    }
}
