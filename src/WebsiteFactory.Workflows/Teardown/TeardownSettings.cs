namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Choices of a teardown (configuration <c>Provisioning:Teardown</c>).</summary>
public sealed record TeardownSettings
{
    /// <summary>
    /// Keep the Matomo site (and its visit history) instead of deleting it: the archive option, since Matomo's API has no
    /// archive state. Default false (deleted).
    /// </summary>
    public bool KeepAnalytics { get; init; }

    /// <summary>
    /// Remove the site's Search Console Domain property (<c>sc-domain:{domain}</c>) in the teardown's first step. Default
    /// false: the property is left in place and recorded, since it holds the site's search history, costs nothing to keep,
    /// and a domain that is sold or re-used keeps its history for whoever verifies it next. "Already gone" is success.
    /// </summary>
    public bool RemoveSearchConsoleProperty { get; init; }

    /// <summary>
    /// Ask for the registrar's default nameservers back. Default false: the nameservers are left as they are (the domain
    /// stays delegated to the deleted Cloudflare zone until someone changes it). True: Namecheap's BasicDNS
    /// (<c>domains.dns.setDefault</c>) or Spaceship's own nameservers (provider <c>basic</c>).
    /// </summary>
    public bool RestoreRegistrarNameservers { get; init; }
}
