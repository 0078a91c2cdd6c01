using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Data.Repositories;
using WebsiteFactory.Data.Secrets;

namespace WebsiteFactory.Data;

/// <summary>Registers the data layer: database, migrations, repositories, secret store.</summary>
public static partial class DataServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="NpgsqlDataSource"/> (from <c>ConnectionStrings:WebsiteFactory</c>, or the self-started local
    /// cluster when that is absent), the start-up migration, the repositories and the secret store chosen by
    /// <c>Secrets:Provider</c>. Registrations use TryAdd, so a host may replace any of them first.
    /// </summary>
    public static IServiceCollection AddWebsiteFactoryData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Validate(o => o.TokenRefreshInterval > TimeSpan.Zero && o.TokenFailureRetryInterval > TimeSpan.Zero,
                "Database:TokenRefreshInterval and Database:TokenFailureRetryInterval must be positive.")
            .Validate(o => !o.UseEntraId || !string.IsNullOrWhiteSpace(o.EntraIdScope), "Database:EntraIdScope must not be empty.")
            .Validate(o => o.SiteOperationLockWait >= TimeSpan.FromMilliseconds(1) && o.SiteOperationLockWait <= TimeSpan.FromMinutes(10), "Database:SiteOperationLockWait must be between 1 ms and 10 minutes.")
            .ValidateOnStart();
        services.AddOptions<SecretsOptions>()
            .Bind(configuration.GetSection(SecretsOptions.SectionName))
            .Validate(o => o.Provider != SecretStoreProvider.KeyVault || o.KeyVaultUri is { IsAbsoluteUri: true },
                "Secrets:KeyVaultUri (an absolute https URI) is required when Secrets:Provider is KeyVault.")
            .Validate(o => o.CacheTimeToLive >= TimeSpan.Zero, "Secrets:CacheTimeToLive must not be negative.")
            .ValidateOnStart();
        services.AddOptions<LocalPostgresOptions>()
            .Bind(configuration.GetSection(LocalPostgresOptions.SectionName));

        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // The embedded default. Started when the data source is first resolved (at host start, by the migration
            // service); blocking there once is fine, there is no synchronisation context. Disposed, and so stopped,
            // with the container.
            services.TryAddSingleton(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("WebsiteFactory.Data.LocalPostgres");
                var options = sp.GetRequiredService<IOptions<LocalPostgresOptions>>().Value;
                return LocalPostgresCluster.StartAsync(options, line => Log.LocalPostgres(logger, line)).GetAwaiter().GetResult();
            });
        }

        services.TryAddSingleton(sp =>
        {
            var cs = string.IsNullOrWhiteSpace(connectionString) ? sp.GetRequiredService<LocalPostgresCluster>().ConnectionString : connectionString;
            return WebsiteFactoryDataSource.Create(cs, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetService<ILoggerFactory>());
        });

        services.TryAddSingleton<DatabaseMigrator>();
        services.AddHostedService<DatabaseMigrationService>();

        services.TryAddSingleton<SiteRepository>();
        services.TryAddSingleton<ISiteRepository>(sp => sp.GetRequiredService<SiteRepository>());
        services.TryAddSingleton<ISiteStateStore>(sp => sp.GetRequiredService<SiteRepository>());
        services.TryAddSingleton<ISiteEventLog, SiteEventLog>();
        services.TryAddSingleton<IServerActionLog, ServerActionLog>();
        services.TryAddSingleton<ICloudflareAccountRepository, CloudflareAccountRepository>();
        services.TryAddSingleton<IRegistrarAccountRepository, RegistrarAccountRepository>();
        services.TryAddSingleton<IGscAccountRepository, GscAccountRepository>();
        services.TryAddSingleton<IHostingServerRepository, HostingServerRepository>();
        services.TryAddSingleton<IAnalyticsRepository, AnalyticsRepository>();
        services.TryAddSingleton<IDriftReportStore, DriftReportRepository>();
        // Budgets follow the database clock (no worker skew) unless the host runs on another clock than the system's (tests,
        // the fleet benchmark on an accelerated clock shared with the simulators): then every party must share that clock.
        services.TryAddSingleton<IRateBudget>(sp => new PostgresRateBudget(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetService<TimeProvider>() is { } clock && !ReferenceEquals(clock, TimeProvider.System) ? clock : null));
        services.TryAddSingleton<IServerSessionGate>(sp => new PostgresServerSessionGate(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<ISiteOperationGate>(sp => new PostgresSiteOperationGate(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.SiteOperationLockWait));

        services.TryAddSingleton<ISecretStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SecretsOptions>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            ISecretStore store = options.Provider switch
            {
                SecretStoreProvider.KeyVault => new KeyVaultSecretStore(
                    new SecretClient(
                        options.KeyVaultUri!,
                        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId })),
                    loggers.CreateLogger<KeyVaultSecretStore>()),
                _ => new LocalSecretStore(options.ResolveLocalDirectory(), loggers.CreateLogger<LocalSecretStore>()),
            };
            return options.CacheTimeToLive > TimeSpan.Zero
                ? new CachingSecretStore(store, options.CacheTimeToLive, sp.GetService<TimeProvider>())
                : store;
        });

        return services;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{Line}")]
        public static partial void LocalPostgres(ILogger logger, string line);
    }
}
