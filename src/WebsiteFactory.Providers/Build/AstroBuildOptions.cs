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
    /// Default <c>~/.local/share/website-factory/cache/astro</c> (<c>/var/lib/website-factory/cache/astro</c> as root).
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// Parent of the per-build working directories (<c>wf-build-{site}-{id}</c>). Default: the parent of the build's
    /// output directory, i.e. the site's folder under <c>Content:Workflow:ArtifactsDirectory</c>, so that a build's
    /// files stay under the configured work directory and its output is renamed into place on the same file system. The
    /// server sets <c>{Server:DataDirectory}/work/builds</c>, next to <c>work/artifacts</c>.
    /// </summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Age after which a working directory is removed even when its owner process still seems to run (on another host,
    /// or a process that hangs). Folders of a dead owner (a killed server) are removed at once. Default 1 hour, far
    /// beyond <see cref="BuildTimeout"/>.
    /// </summary>
    public TimeSpan StaleBuildAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The npm executable. Default <c>npm</c> (from PATH).</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>Longest a dependency install may take. Default 10 minutes.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest one <c>astro build</c> (a whole batch) may take. Default 5 minutes.</summary>
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Astro runs at once on this machine (Astro is CPU-bound). Default 2.</summary>
    public int MaxConcurrentBuilds { get; set; } = 2;

    /// <summary>
    /// Most sites rendered by one Astro run: a free build slot takes every queued request up to this many. Default 50
    /// (about 2 s of rendering on top of the run's fixed 2 s here; a larger batch keeps its callers waiting longer and a
    /// failed one takes more bisecting).
    /// </summary>
    public int MaxBatchSize { get; set; } = 50;
}
