namespace WebsiteFactory.Core.Domain;

/// <summary>The steps of a site's pipeline, in pipeline order. Stored as snake_case text in <c>site_events.step</c>.</summary>
public enum SiteStep
{
    /// <summary>Site row created or changed by an operator.</summary>
    Registered,
    /// <summary>Cloudflare zone looked up or created.</summary>
    Zone,
    /// <summary>A/CNAME records upserted.</summary>
    Records,
    /// <summary>Registrar pointed at the zone's assigned nameservers.</summary>
    Nameservers,
    /// <summary>Waiting for the zone to become active and the NS set to be live.</summary>
    Delegation,
    /// <summary>CloudPanel site created over SSH.</summary>
    HostingSite,
    /// <summary>Let's Encrypt certificate installed.</summary>
    Certificate,
    /// <summary>Matomo site looked up or created.</summary>
    Analytics,
    /// <summary>AI content generated and stored in Directus.</summary>
    Content,
    /// <summary>Astro build.</summary>
    Build,
    /// <summary>rsync deploy and release switch.</summary>
    Deploy,
    /// <summary>Search Console verification.</summary>
    SearchConsole,
    /// <summary>Site removed (zone, hosting, analytics).</summary>
    Teardown,
}
