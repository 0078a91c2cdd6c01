using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// Compares the Matomo sites (<c>SitesManager.getSitesWithAdminAccess</c>) with the sites' recorded Matomo ids: orphans (a
/// Matomo site no row holds, deleted rows included since a teardown may keep the data), ghosts (a recorded id Matomo does
/// not have) and drift (the Matomo site tracks another host).
/// </summary>
[DurableTask(Name)]
public sealed class ScanMatomoActivity(IMatomoClient matomo, ISiteRepository sites, IActivityExecutionAccessor execution) : TaskActivity<ReconcileScanInput, IReadOnlyList<DriftFinding>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ScanMatomo";

    /// <inheritdoc />
    public override Task<IReadOnlyList<DriftFinding>> RunAsync(TaskActivityContext context, ReconcileScanInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var all = await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false);
        var listed = await matomo.ListSitesAsync(ct).ConfigureAwait(false);
        var byId = listed.ToDictionary(s => s.Id);
        var held = all.Where(s => s.MatomoSiteId is not null).Select(s => s.MatomoSiteId!.Value).ToHashSet();
        var findings = new List<DriftFinding>();
        foreach (var orphan in listed.Where(l => !held.Contains(l.Id)))
        {
            findings.Add(new DriftFinding
            {
                Kind = DriftKind.Orphan, Vendor = DriftVendors.Matomo, Resource = $"Matomo site {orphan.Id.ToString(CultureInfo.InvariantCulture)}", Domain = orphan.Host,
                Detail = $"'{orphan.Name}' ({orphan.MainUrl}) belongs to no site in the database.",
            });
        }

        foreach (var site in all.Where(s => ReconcileFleet.IsChecked(s) && s.MatomoSiteId is not null).OrderBy(s => s.Domain.Value, StringComparer.Ordinal))
        {
            var id = site.MatomoSiteId!.Value;
            var resource = $"Matomo site {id.ToString(CultureInfo.InvariantCulture)}";
            if (!byId.TryGetValue(id, out var found))
            {
                findings.Add(new DriftFinding
                {
                    Kind = DriftKind.Ghost, Vendor = DriftVendors.Matomo, Resource = resource, Domain = site.Domain.Value, SiteId = site.Id,
                    Detail = $"Matomo site {id.ToString(CultureInfo.InvariantCulture)} is recorded for the site but Matomo has no such site.",
                });
            }
            else if (found.Host is { } host && !host.Equals(site.Domain.Value, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new DriftFinding
                {
                    Kind = DriftKind.Drift, Vendor = DriftVendors.Matomo, Resource = resource, Domain = site.Domain.Value, SiteId = site.Id,
                    Detail = $"Matomo site {id.ToString(CultureInfo.InvariantCulture)} tracks {found.MainUrl}, not {site.Domain}.",
                });
            }
        }

        return (IReadOnlyList<DriftFinding>)findings;
    });
}
