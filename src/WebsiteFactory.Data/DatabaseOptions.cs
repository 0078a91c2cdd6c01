namespace WebsiteFactory.Data;

/// <summary>
/// Database settings (configuration section <c>Database</c>). The connection string itself is
/// <c>ConnectionStrings:WebsiteFactory</c>; when it is absent the self-started local cluster is used
/// (section <c>LocalPostgres</c>).
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary>Name of the connection string (<c>ConnectionStrings:WebsiteFactory</c>).</summary>
    public const string ConnectionStringName = "WebsiteFactory";

    /// <summary>The Entra ID scope of Azure Database for PostgreSQL.</summary>
    public const string AzurePostgresScope = "https://ossrdbms-aad.database.windows.net/.default";

    /// <summary>
    /// Authenticate with Microsoft Entra ID access tokens (Azure Database for PostgreSQL) instead of a password: the
    /// connection string then names the Entra principal as <c>Username</c> and has no password. Default false.
    /// </summary>
    public bool UseEntraId { get; set; }

    /// <summary>Token scope for <see cref="UseEntraId"/>. Default <see cref="AzurePostgresScope"/>.</summary>
    public string EntraIdScope { get; set; } = AzurePostgresScope;

    /// <summary>
    /// Client id of a user-assigned managed identity to get tokens for; null uses <c>DefaultAzureCredential</c>'s
    /// normal chain (system-assigned identity, environment, Azure CLI, …). Default null.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How often to fetch a fresh token (tokens live about an hour). Default 30 minutes.</summary>
    public TimeSpan TokenRefreshInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Delay before retrying a failed token fetch. Default 10 seconds.</summary>
    public TimeSpan TokenFailureRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a start of a site's mutating operation waits for another start of the same site to finish its check
    /// (the site's advisory lock, <c>lock_timeout</c>). Such a check takes milliseconds; a wait this long means a stuck
    /// holder, and the API answers 503 with <c>Retry-After</c>. Default 30 seconds.
    /// </summary>
    public TimeSpan SiteOperationLockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest number of pooled connections of the data source (Npgsql's <c>Max Pool Size</c>); null keeps the connection
    /// string's value (Npgsql default 100). A worker running hundreds of activities at once needs more, and the server's
    /// <c>max_connections</c> must allow it.
    /// </summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>Apply pending migrations when the host starts. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
