namespace WebsiteFactory.Demo;

/// <summary>Settings of <c>wf-demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>Gets or sets how many demo domains to seed and provision. Default: 25.</summary>
    public int Sites { get; set; } = 25;

    /// <summary>Gets or sets the server port on 127.0.0.1. Default: 7071.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Gets or sets a value indicating whether to stop once provisioning finished (CI, tests) instead of serving until Ctrl+C.</summary>
    public bool ExitWhenDone { get; set; }

    /// <summary>Gets or sets the simulated vendor latency per call (upper bound; calls take 20 %–100 % of it). Default: 150 ms.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Gets or sets where the demo keeps its state: its "CloudPanel server" (sshd keys and config, the clpctl stand-in's sites
    /// and the deployed releases) and the server's data directory (secret store, local PostgreSQL cluster, work folders). Default <c>/var/lib/website-factory/demo</c> as root, else <c>~/.local/share/website-factory/demo</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Gets or sets the login user of the demo's loopback sshd when running as root (created once as a system account with
    /// no password; key login only). Default <c>wfdemo</c>. Without root, sshd logs in the current user instead.
    /// </summary>
    public string SshUser { get; set; } = "wfdemo";

    /// <summary>Gets extra server configuration (e.g. <c>ConnectionStrings:WebsiteFactory</c>), applied last.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
