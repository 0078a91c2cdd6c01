namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Output of one delegation check.</summary>
/// <param name="ZoneActive">Cloudflare reports the zone active.</param>
/// <param name="NameserversLive">Public DNS returns exactly the assigned NS set.</param>
/// <param name="Detail">What was seen (for the give-up message).</param>
public sealed record DelegationState(bool ZoneActive, bool NameserversLive, string Detail)
{
    /// <summary>Both conditions hold.</summary>
    public bool Done => ZoneActive && NameserversLive;
}
