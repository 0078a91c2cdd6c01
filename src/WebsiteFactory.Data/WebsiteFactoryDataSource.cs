using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WebsiteFactory.Data;

/// <summary>Builds the application's single <see cref="NpgsqlDataSource"/>.</summary>
public static class WebsiteFactoryDataSource
{
    /// <summary>
    /// Creates the data source for <paramref name="connectionString"/>. With <see cref="DatabaseOptions.UseEntraId"/> the
    /// password is a Microsoft Entra ID access token for Azure Database for PostgreSQL, fetched through
    /// <c>UsePeriodicPasswordProvider</c> and refreshed every <see cref="DatabaseOptions.TokenRefreshInterval"/> (new
    /// physical connections pick up the fresh token; open ones stay authenticated).
    /// </summary>
    /// <param name="connectionString">The connection string (for Entra ID: <c>Host=…;Database=…;Username=&lt;principal&gt;;Ssl Mode=Require</c>).</param>
    /// <param name="options">Database options.</param>
    /// <param name="loggerFactory">For Npgsql's own logging; may be null.</param>
    /// <param name="credential">Token source for Entra ID; null uses <c>DefaultAzureCredential</c>.</param>
    public static NpgsqlDataSource Create(string connectionString, DatabaseOptions options, ILoggerFactory? loggerFactory = null, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "website-factory";
        if (options.MaxPoolSize is { } pool)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pool, 1, "Database:MaxPoolSize");
            builder.ConnectionStringBuilder.MaxPoolSize = pool;
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        if (options.UseEntraId)
        {
            credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
            var context = new TokenRequestContext([options.EntraIdScope]);
            builder.UsePeriodicPasswordProvider(
                async (_, cancellationToken) => (await credential.GetTokenAsync(context, cancellationToken)).Token,
                options.TokenRefreshInterval,
                options.TokenFailureRetryInterval);
        }

        return builder.Build();
    }
}
