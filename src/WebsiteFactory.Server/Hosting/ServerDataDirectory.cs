using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Data.Secrets;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Deploy;

namespace WebsiteFactory.Server.Hosting;

/// <summary>
/// The one directory a server instance keeps its local state in (<c>Server:DataDirectory</c>), and the defaults it gives
/// every component that keeps files.
/// </summary>
/// <remarks>
/// <para>Layout: <c>secrets/</c> (the local secret store), <c>pg/</c> (the self-started PostgreSQL cluster, when no
/// connection string is configured), <c>work/builds/</c> (Astro build folders), <c>work/artifacts/</c> (builds waiting for
/// their deploy) and <c>work/ssh/</c> (per-deploy SSH session folders with the target's key).</para>
/// <para>Two instances with different data directories on one machine share nothing: not a secret (the chat key and the
/// Matomo token have fixed names, so a machine-wide store let one instance overwrite the other's), not a database, not a
/// build folder. A setting of a component (<c>Secrets:LocalDirectory</c>, <c>LocalPostgres:Directory</c>,
/// <c>Content:Build:WorkDirectory</c>, <c>Content:Workflow:ArtifactsDirectory</c>, <c>Content:Deploy:SessionDirectory</c>)
/// still wins over the data directory.</para>
/// <para>Default: <c>/var/lib/website-factory</c> when running as root, else <c>$XDG_DATA_HOME/website-factory</c>
/// (<c>~/.local/share/website-factory</c>) — the directories the secret store and the local cluster used before there was
/// a data directory, so an existing installation keeps its secrets and database.</para>
/// </remarks>
public static class ServerDataDirectory
{
    /// <summary>The setting.</summary>
    public const string Key = "Server:DataDirectory";

    /// <summary>The data directory of a configuration: <see cref="Key"/> or <see cref="Default"/>, as a full path.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The directory.</returns>
    public static string Resolve(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var configured = config[Key];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Default() : configured);
    }

    /// <summary>The data directory when none is configured.</summary>
    /// <returns><c>/var/lib/website-factory</c> as root, else <c>$XDG_DATA_HOME/website-factory</c>.</returns>
    public static string Default()
    {
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            return "/var/lib/website-factory";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "website-factory");
    }

    /// <summary>The artifacts directory: <c>Content:Workflow:ArtifactsDirectory</c>, else <c>{data}/work/artifacts</c>.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The directory.</returns>
    public static string ArtifactsDirectory(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var configured = config["Content:Workflow:ArtifactsDirectory"];
        return string.IsNullOrWhiteSpace(configured) ? Path.Combine(Resolve(config), "work", "artifacts") : configured;
    }

    /// <summary>Gives every file-keeping component its place under the data directory unless its own setting names one.</summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddDataDirectoryDefaults(this IServiceCollection services, IConfiguration config)
    {
        var root = Resolve(config);
        services.PostConfigure<SecretsOptions>(o => o.LocalDirectory = Or(o.LocalDirectory, Path.Combine(root, "secrets")));
        services.PostConfigure<LocalPostgresOptions>(o => o.Directory = Or(o.Directory, Path.Combine(root, "pg")));
        services.PostConfigure<AstroBuildOptions>(o => o.WorkDirectory = Or(o.WorkDirectory, Path.Combine(root, "work", "builds")));
        services.PostConfigure<RsyncDeployOptions>(o => o.SessionDirectory = Or(o.SessionDirectory, Path.Combine(root, "work", "ssh")));
        return services;
    }

    private static string Or(string? configured, string fallback) => string.IsNullOrWhiteSpace(configured) ? fallback : configured;
}
