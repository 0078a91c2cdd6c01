namespace WebsiteFactory.Providers.Build;

/// <summary>Settings of the Astro site builder (configuration section <c>Content:Build</c>).</summary>
public sealed class AstroBuildOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:Build";

    /// <summary>
    /// <see cref="SiteBuildMode.Local"/> (build here, rsync up) or <see cref="SiteBuildMode.Remote"/> (build on the site's
    /// server over SSH.NET). Default: the host's (Local for the server, Remote for the Functions app).
    /// </summary>
    public SiteBuildMode? Mode { get; set; }

    /// <summary>
    /// The Astro template (a copy of <c>templates/site</c>). Default: the first <c>templates/site</c> found walking up from
    /// the application's base directory.
    /// </summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>
    /// Where installed <c>node_modules</c> trees are kept, one per lockfile hash, shared by all builds on this machine.
    /// Default <c>{temp}/wf-astro-cache</c>.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// Parent of the per-build working directories. Default the system temp directory; the server sets
    /// <c>{Server:DataDirectory}/work/builds</c>.
    /// </summary>
    public string? WorkDirectory { get; set; }

    /// <summary>The npm executable. Default <c>npm</c> (from PATH).</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>Longest a dependency install may take. Default 10 minutes.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest one <c>astro build</c> may take. Default 5 minutes.</summary>
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Builds running at once on this machine (Astro is CPU-bound). Default 2.</summary>
    public int MaxConcurrentBuilds { get; set; } = 2;
}
