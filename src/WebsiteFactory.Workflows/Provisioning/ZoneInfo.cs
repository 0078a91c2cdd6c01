namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Output of the zone step.</summary>
/// <param name="ZoneId">Cloudflare zone id.</param>
/// <param name="NameServers">Assigned nameservers.</param>
public sealed record ZoneInfo(string ZoneId, IReadOnlyList<string> NameServers);
