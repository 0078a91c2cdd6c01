namespace WebsiteFactory.Workflows.Teardown;

/// <summary>The resources a teardown removes, in the order it removes them (the reverse of provisioning).</summary>
public enum TeardownPart
{
    /// <summary>The Search Console domain property.</summary>
    SearchConsole,
    /// <summary>The deployed releases under the doc root.</summary>
    Releases,
    /// <summary>The CloudPanel site (vhost, site user, home, certificate).</summary>
    HostingSite,
    /// <summary>The Matomo site.</summary>
    Analytics,
    /// <summary>The DNS records the pipeline created.</summary>
    Records,
    /// <summary>The Cloudflare zone.</summary>
    Zone,
    /// <summary>The registrar's nameservers.</summary>
    Nameservers,
}
