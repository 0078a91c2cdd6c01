namespace WebsiteFactory.Server.Hosting;

/// <summary>Server settings, bound from the <c>Server</c> section (which also holds the API's <see cref="WebsiteFactory.Api.ApiOptions"/>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Server";

    /// <summary>The default listen URL (like <c>func start</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// The directory of the built dashboard (index.html and assets). Default: none — the server looks for
    /// <c>wwwroot/</c> next to the app, then <c>web/dist</c> in the repository it runs from.
    /// </summary>
    public string? DashboardPath { get; set; }

    /// <summary>
    /// Where this instance keeps its local state: the local secret store, the self-started PostgreSQL cluster and the work
    /// folders (builds, artifacts, deploy SSH sessions); see <see cref="ServerDataDirectory"/>. Default:
    /// <c>/var/lib/website-factory</c> as root, else <c>~/.local/share/website-factory</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Register the product workflows (provisioning, content, analytics) and the vendor adapters they use. Default: true.
    /// Tests that bring their own stand-in orchestrations turn it off.
    /// </summary>
    public bool RegisterWorkflows { get; set; } = true;

    /// <summary>Sign-in attempts per client IP per minute (the <c>auth</c> rate limit). Default: 10.</summary>
    public int AuthPermitsPerMinute { get; set; } = 10;

    /// <summary>Write requests per caller per minute (the <c>write</c> rate limit). Default: 600.</summary>
    public int WritePermitsPerMinute { get; set; } = 600;
}
