namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>What the pipeline needs to know about a Cloudflare zone.</summary>
/// <param name="Id">Zone id (32 hex).</param>
/// <param name="Name">Zone name (the apex domain).</param>
/// <param name="Status">Lifecycle status.</param>
/// <param name="NameServers">The nameservers Cloudflare assigned; the registrar must delegate to exactly these.</param>
/// <param name="AccountId">Cloudflare account id that holds the zone.</param>
public sealed record CloudflareZone(string Id, string Name, ZoneStatus Status, IReadOnlyList<string> NameServers, string AccountId);
