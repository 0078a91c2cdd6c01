using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// Compares one Cloudflare account with the database: zones (orphans, ghosts, reassigned nameservers) and, in the zones of
/// our sites, the A, AAAA, CNAME and TXT records (orphans marked or not, ghosts, drift of content, TTL and proxied flag).
/// Read-only: it lists zones and records and changes nothing.
/// </summary>
[DurableTask(Name)]
public sealed class ScanCloudflareActivity(
    ICloudflareClient cloudflare,
    ICloudflareAccountRepository accounts,
    IHostingServerRepository servers,
    ISiteRepository sites,
    IActivityExecutionAccessor execution) : TaskActivity<ReconcileScanInput, IReadOnlyList<DriftFinding>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ScanCloudflare";

    private static readonly HashSet<string> ComparedTypes = new(StringComparer.OrdinalIgnoreCase) { "A", "AAAA", "CNAME", "TXT" };

    /// <inheritdoc />
    public override Task<IReadOnlyList<DriftFinding>> RunAsync(TaskActivityContext context, ReconcileScanInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var account = await ReconcileFleet.ScopeAsync(accounts, input, "Cloudflare account", ct).ConfigureAwait(false);
        var settings = input.Settings ?? new ProvisionSettings();
        var all = (await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false)).Where(s => s.CloudflareAccountId == account.Id).ToList();
        var serverList = await servers.ListAsync(ct).ConfigureAwait(false);
        var zones = await cloudflare.ListZonesAsync(account, ct).ConfigureAwait(false);
        var zonesById = zones.ToDictionary(z => z.Id, StringComparer.Ordinal);
        var findings = new List<DriftFinding>();
        DriftFinding Finding(DriftKind kind, string vendor, string resource, string detail, Site? site, string? zoneId = null, string? recordId = null, bool marked = false) => new()
        {
            Kind = kind, Vendor = vendor, Resource = resource, Detail = detail, Domain = site?.Domain.Value, SiteId = site?.Id,
            ScopeId = account.Id, ZoneId = zoneId, RecordId = recordId, Marked = marked,
        };

        // Zones: a zone is ours when a site row holds its id, or a site that is not deleted has its name (being created).
        var heldIds = all.Where(s => s.CloudflareZoneId is not null).Select(s => s.CloudflareZoneId!).ToHashSet(StringComparer.Ordinal);
        var claimedNames = all.Where(ReconcileFleet.ClaimsName).Select(s => s.Domain.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in zones.Where(z => !heldIds.Contains(z.Id) && !claimedNames.Contains(z.Name)).OrderBy(z => z.Name, StringComparer.Ordinal))
        {
            findings.Add(Finding(DriftKind.Orphan, DriftVendors.CloudflareZone, $"zone {zone.Name}",
                $"Zone {zone.Id} ({zone.Status.ToString().ToLowerInvariant()}) in account '{account.AccountNickname}' belongs to no site in the database.", null, zone.Id));
        }

        foreach (var site in all.Where(s => ReconcileFleet.IsChecked(s) && s.CloudflareZoneId is not null).OrderBy(s => s.Domain.Value, StringComparer.Ordinal))
        {
            if (!zonesById.TryGetValue(site.CloudflareZoneId!, out var zone))
            {
                findings.Add(Finding(DriftKind.Ghost, DriftVendors.CloudflareZone, $"zone {site.Domain}",
                    $"Zone {site.CloudflareZoneId} is recorded for the site but account '{account.AccountNickname}' has no such zone.", site, site.CloudflareZoneId));
                continue;
            }

            if (site.AssignedNameservers.Count > 0 && !new RegistrarNameservers(zone.NameServers, false).Matches(site.AssignedNameservers))
            {
                findings.Add(Finding(DriftKind.Drift, DriftVendors.CloudflareZone, $"zone {site.Domain}",
                    $"Cloudflare assigns {string.Join(", ", zone.NameServers)}; the database has {string.Join(", ", site.AssignedNameservers)}.", site, zone.Id));
            }

            var server = serverList.FirstOrDefault(s => s.Id == site.ServerId);
            var records = (await cloudflare.ListRecordsAsync(account, zone.Id, cancellationToken: ct).ConfigureAwait(false))
                .Where(r => ComparedTypes.Contains(r.Type)).ToList();
            CompareRecords(site, zone.Id, records, Expected(site, server, settings), findings, Finding);
        }

        return (IReadOnlyList<DriftFinding>)findings;
    });

    private static void CompareRecords(
        Site site,
        string zoneId,
        List<DnsRecord> records,
        Dictionary<string, DnsRecordSpec> expected,
        List<DriftFinding> findings,
        Func<DriftKind, string, string, string, Site?, string?, string?, bool, DriftFinding> finding)
    {
        var byId = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var (key, id) in site.RecordIds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var resource = ReconcileFleet.RecordResource(key, site.Domain);
            if (!byId.TryGetValue(id, out var record))
            {
                findings.Add(finding(DriftKind.Ghost, DriftVendors.CloudflareRecord, resource, $"Record {id} ({key}) is recorded for the site but missing from zone {zoneId}.", site, zoneId, id, false));
                continue;
            }

            if (expected.TryGetValue(key, out var want) && Differences(record, want) is { Count: > 0 } diffs)
            {
                findings.Add(finding(DriftKind.Drift, DriftVendors.CloudflareRecord, resource, string.Join("; ", diffs) + ".", site, zoneId, id, RecordOwnership.IsMarked(record.Comment)));
            }
        }

        var held = site.RecordIds.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var record in records.Where(r => !held.Contains(r.Id)).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal))
        {
            var marked = RecordOwnership.IsMarked(record.Comment);
            findings.Add(finding(DriftKind.Orphan, DriftVendors.CloudflareRecord, $"{record.Type} {record.Name}",
                marked
                    ? $"Record {record.Id} → {record.Content} carries the ownership marker but no site holds its id (left behind; the fix may delete it)."
                    : $"Record {record.Id} → {record.Content} has no ownership marker (made by hand?); it is never deleted by the fix.",
                site, zoneId, record.Id, marked));
        }
    }

    /// <summary>The values the pipeline writes: A apex → the server's IPv4, CNAME www → apex, with the settings' TTL and proxy flag.</summary>
    private static Dictionary<string, DnsRecordSpec> Expected(Site site, HostingServer? server, ProvisionSettings settings)
    {
        var expected = new Dictionary<string, DnsRecordSpec>(StringComparer.Ordinal)
        {
            ["CNAME www"] = new("CNAME", $"www.{site.Domain.Value}", site.Domain.Value, settings.RecordTtl, settings.Proxied),
        };
        if (server is not null)
        {
            try
            {
                expected["A @"] = new("A", site.Domain.Value, server.GetARecordAddress().ToString(), settings.RecordTtl, settings.Proxied);
            }
            catch (InvalidOperationException)
            {
                // A server without a public IPv4 gets no A record from the pipeline either; nothing to compare.
            }
        }

        return expected;
    }

    private static List<string> Differences(DnsRecord record, DnsRecordSpec want)
    {
        var diffs = new List<string>();
        if (!record.Content.Equals(want.Content, StringComparison.OrdinalIgnoreCase))
        {
            diffs.Add($"content {record.Content}, expected {want.Content}");
        }

        var wantTtl = want.Proxied ? 1 : want.Ttl;
        if (record.Ttl != wantTtl)
        {
            diffs.Add(string.Create(CultureInfo.InvariantCulture, $"TTL {record.Ttl}, expected {wantTtl}"));
        }

        if (record.Proxied != want.Proxied)
        {
            diffs.Add($"proxied {(record.Proxied ? "on" : "off")}, expected {(want.Proxied ? "on" : "off")}");
        }

        return diffs;
    }
}
