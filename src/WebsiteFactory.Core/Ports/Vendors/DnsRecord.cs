namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A DNS record as it exists at the DNS host.</summary>
/// <param name="Id">Record id.</param>
/// <param name="Type">Record type.</param>
/// <param name="Name">Fully qualified name.</param>
/// <param name="Content">Content.</param>
/// <param name="Ttl">TTL in seconds (1 = automatic).</param>
/// <param name="Proxied">Whether the record is proxied.</param>
/// <param name="Comment">The record's comment (the ownership marker, <see cref="RecordOwnership"/>); null when none.</param>
public sealed record DnsRecord(string Id, string Type, string Name, string Content, int Ttl, bool Proxied, string? Comment = null);
