namespace WebsiteFactory.Data.LocalPostgres;

/// <summary>
/// Settings of the self-started local PostgreSQL cluster (configuration section <c>LocalPostgres</c>). Used only when no
/// connection string is configured.
/// </summary>
public sealed class LocalPostgresOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "LocalPostgres";

    /// <summary>
    /// Directory that holds the cluster (<c>data/</c>, <c>run/</c> for the Unix socket, <c>log/</c>). Default:
    /// <c>~/.local/share/website-factory/pg</c>, or <c>/var/lib/website-factory/pg</c> when running as root (root's home is
    /// not readable by the unprivileged user the server runs as).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Directory of <c>initdb</c>/<c>pg_ctl</c>. Default: searched on <c>PATH</c> and in the usual package layouts.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Port number; with the default socket-only setup it only names the socket file. Default 5432.</summary>
    public int Port { get; set; } = 5432;

    /// <summary>Database created for the application. Default <c>websitefactory</c>.</summary>
    public string Database { get; set; } = "websitefactory";

    /// <summary>Unprivileged OS user that runs the server when the app runs as root. Default <c>postgres</c>.</summary>
    public string ServerUser { get; set; } = "postgres";

    /// <summary>
    /// When true, also listen on 127.0.0.1:<see cref="Port"/> (password-less access stays limited to the private Unix
    /// socket; TCP requires a password). Default false: Unix socket only, in a directory only the owner can open.
    /// </summary>
    public bool ListenOnLoopback { get; set; }

    /// <summary>Extra server settings passed as <c>-c name=value</c> (e.g. <c>shared_buffers</c>).</summary>
    public IDictionary<string, string> ServerSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Seconds to wait for start and stop. Default 60.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}
