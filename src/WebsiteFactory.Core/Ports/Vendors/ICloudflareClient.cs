using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// Cloudflare zones and DNS records. Every create is look-before-create, so calling any method again after a crash
/// creates no duplicates. Failures surface as <see cref="Errors.ProviderException"/> only.
/// </summary>
/// <remarks>
/// Each call draws on the account's shared rate budget (1200 requests / 5 minutes per account token, shared by all
/// workers), so callers never see a 429 unless someone outside the product spends the same token.
/// </remarks>
public interface ICloudflareClient
{
    /// <summary>Finds the zone by exact name within the account; null when the account has no such zone.</summary>
    Task<CloudflareZone?> FindZoneAsync(CloudflareAccount account, DomainName zoneName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the account's zone for the name, creating it (type <c>full</c>) when absent. A zone held by another
    /// account is a <see cref="Errors.ProviderErrorKind.Permanent"/> error that says so.
    /// </summary>
    Task<CloudflareZone> EnsureZoneAsync(CloudflareAccount account, DomainName zoneName, CancellationToken cancellationToken = default);

    /// <summary>Reads a zone by id (fresh status).</summary>
    Task<CloudflareZone> GetZoneAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks Cloudflare to re-check delegation of a pending zone now. Returns false when Cloudflare refuses because the
    /// check ran recently (it allows one per 5 minutes, or per hour on Free plans); that is not an error.
    /// </summary>
    Task<bool> RequestActivationCheckAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default);

    /// <summary>Lists records of a zone, optionally filtered by type and exact FQDN (all pages).</summary>
    Task<IReadOnlyList<DnsRecord>> ListRecordsAsync(CloudflareAccount account, string zoneId, string? type = null, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Single-valued types (A, AAAA, CNAME): makes the record of <see cref="DnsRecordSpec.Type"/> and
    /// <see cref="DnsRecordSpec.Name"/> hold the spec: creates it when absent, patches it when it differs, leaves it alone
    /// when equal. Multi-valued types (<see cref="DnsRecordSpec.IsMultiValued"/>: TXT, MX, CAA, NS, SRV): makes sure a
    /// record with the spec's content exists, creating it beside the others when absent (other values are never
    /// touched). Returns the record.
    /// </summary>
    Task<DnsRecord> UpsertRecordAsync(CloudflareAccount account, string zoneId, DnsRecordSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record; an unknown id is success.</summary>
    Task DeleteRecordAsync(CloudflareAccount account, string zoneId, string recordId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a zone; an unknown id is success.</summary>
    Task DeleteZoneAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default);

    /// <summary>Lists every zone of the account (read-only, all pages of <c>GET /zones?account.id=…</c>).</summary>
    Task<IReadOnlyList<CloudflareZone>> ListZonesAsync(CloudflareAccount account, CancellationToken cancellationToken = default);
}
