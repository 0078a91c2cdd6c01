namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// The desired state of one DNS record. Single-valued types (A, AAAA, CNAME) are upserted by (type, name): the record
/// there is replaced. Multi-valued types (<see cref="IsMultiValued"/>) are upserted by (type, name, content): the value
/// is added beside the records already there.
/// </summary>
/// <param name="Type">Record type: <c>A</c>, <c>AAAA</c>, <c>CNAME</c>, <c>TXT</c>, ...</param>
/// <param name="Name">Fully qualified name (e.g. <c>www.example.com</c>; the apex is the zone name).</param>
/// <param name="Content">Record content (IP address, target host, text).</param>
/// <param name="Ttl">Seconds; <c>1</c> means automatic (Cloudflare's convention, and what proxied records report).</param>
/// <param name="Proxied">Whether Cloudflare proxies the record (A/AAAA/CNAME only).</param>
/// <param name="Comment">Optional comment stored with the record.</param>
public sealed record DnsRecordSpec(string Type, string Name, string Content, int Ttl = 1, bool Proxied = false, string? Comment = null)
{
    /// <summary>
    /// Whether one name legitimately holds several records of this type (TXT, MX, CAA, NS, SRV): an SPF record and a
    /// Search Console token live side by side at the apex, so upserting one must not overwrite the other.
    /// </summary>
    public bool IsMultiValued => Type?.ToUpperInvariant() is "TXT" or "MX" or "CAA" or "NS" or "SRV";
}
