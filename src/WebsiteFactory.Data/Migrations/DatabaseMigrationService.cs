using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WebsiteFactory.Data.Migrations;

/// <summary>
/// Runs <see cref="DatabaseMigrator.MigrateAsync"/> when the host starts, before the host reports started, so nothing
/// touches the database before its schema is current. Disabled with <c>Database:MigrateOnStartup=false</c>.
/// </summary>
public sealed class DatabaseMigrationService : IHostedService
{
    private readonly DatabaseMigrator _migrator;
    private readonly IOptions<DatabaseOptions> _options;

    /// <summary>Creates the service.</summary>
    public DatabaseMigrationService(DatabaseMigrator migrator, IOptions<DatabaseOptions> options)
    {
        _migrator = migrator;
        _options = options;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Value.MigrateOnStartup)
        {
            await _migrator.MigrateAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
