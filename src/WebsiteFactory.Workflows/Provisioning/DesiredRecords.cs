using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// The DNS records provisioning makes a site's zone hold (<see cref="Activities.UpsertRecordsActivity"/>): A <c>@</c> → the
/// server's IPv4 and CNAME <c>www</c> → apex. One definition, shared with the plan, so the plan compares with exactly what
/// provisioning would write.
/// </summary>
public static class DesiredRecords
{
    /// <summary>The comment every record the pipeline writes carries: the ownership marker reconcile tells our records by.</summary>
    public const string Comment = RecordOwnership.Marker;

    /// <summary>The keys under which <see cref="Site.RecordIds"/> stores the ids, in the order of <see cref="For"/>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["A @", "CNAME www"];

    /// <summary>The records of a site.</summary>
    /// <param name="site">The site.</param>
    /// <param name="originIp">The server's A record address (<see cref="HostingServer.GetARecordAddress"/>).</param>
    /// <param name="settings">TTL and proxied flag.</param>
    /// <returns>The apex A record, then the <c>www</c> CNAME.</returns>
    public static IReadOnlyList<DnsRecordSpec> For(Site site, string originIp, ProvisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(settings);
        var apex = site.Domain.Value;
        return
        [
            new DnsRecordSpec("A", apex, originIp, settings.RecordTtl, settings.Proxied, Comment),
            new DnsRecordSpec("CNAME", $"www.{apex}", apex, settings.RecordTtl, settings.Proxied, Comment),
        ];
    }
}
