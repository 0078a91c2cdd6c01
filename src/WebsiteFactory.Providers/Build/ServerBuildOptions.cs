using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Providers.Build;

/// <summary>Settings of builds on the site's server (configuration section <c>Content:Build:Remote</c>).</summary>
/// <remarks>The template comes from <c>Content:Build:TemplateDirectory</c> (<see cref="AstroBuildOptions"/>).</remarks>
public sealed class ServerBuildOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:Build:Remote";

    /// <summary>
    /// Where the server keeps uploaded template versions, installed <c>node_modules</c> (one per lockfile) and build
    /// working directories: an absolute path of <c>[A-Za-z0-9._-]</c> segments, writable by the SSH user. Default
    /// <c>$HOME/.cache/website-factory</c> of the SSH user.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// Directory holding <c>node</c> and <c>npm</c> when they are not on the SSH session's PATH, e.g. an nvm install
    /// (<c>/home/builder/.nvm/versions/node/v22.12.0/bin</c>; a non-interactive SSH session does not load nvm). When set,
    /// node and npm must be in it. Default: found on the PATH.
    /// </summary>
    public string? NodeDirectory { get; set; }

    /// <summary>SSH connect timeout. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a dependency install on the server may take (once per lockfile). Default 10 minutes.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest one <c>astro build</c> on the server may take. Default 5 minutes.</summary>
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Builds running at once on one server, counted on the server (lock files in the cache directory), so however many
    /// workers build, the sites the server hosts keep their CPU. Default 2, 1-16.
    /// </summary>
    public int MaxConcurrentBuilds { get; set; } = 2;

    /// <summary>Longest a build waits for a free slot on its server before the step is retried. Default 5 minutes.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns an error text, or null when valid.</summary>
    public string? Validate() =>
        Set(CacheDirectory) is { } cache && !RemotePath.TryParse(cache, out _, out var cacheError) ? $"CacheDirectory: {cacheError}"
        : Set(NodeDirectory) is { } node && !RemotePath.TryParse(node, out _, out var nodeError) ? $"NodeDirectory: {nodeError}"
        : MaxConcurrentBuilds is < 1 or > 16 ? "MaxConcurrentBuilds must be between 1 and 16."
        : ConnectTimeout <= TimeSpan.Zero || InstallTimeout < TimeSpan.FromSeconds(1) || BuildTimeout < TimeSpan.FromSeconds(1) || QueueTimeout < TimeSpan.FromSeconds(1)
            ? "ConnectTimeout must be positive; InstallTimeout, BuildTimeout and QueueTimeout at least 1 s."
        : null;

    /// <summary>The value, or null when unset or blank (an app setting left empty means the default).</summary>
    internal static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
