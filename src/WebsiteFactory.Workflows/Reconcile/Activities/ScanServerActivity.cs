using Microsoft.DurableTask;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// Compares the CloudPanel sites on one server (listed by doc root over SSH, one fixed command) with the sites the database
/// puts there: orphans (a doc root no site claims), ghosts (a recorded doc root that is gone) and drift (another doc root).
/// </summary>
[DurableTask(Name)]
public sealed class ScanServerActivity(
    ICloudPanelClient cloudPanel,
    IHostingServerRepository servers,
    ISiteRepository sites,
    IActivityExecutionAccessor execution) : TaskActivity<ReconcileScanInput, IReadOnlyList<DriftFinding>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ScanServer";

    /// <inheritdoc />
    public override Task<IReadOnlyList<DriftFinding>> RunAsync(TaskActivityContext context, ReconcileScanInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var server = await ReconcileFleet.ScopeAsync(servers, input, "Server", ct).ConfigureAwait(false);
        var here = (await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false)).Where(s => s.ServerId == server.Id).ToList();
        var listed = await cloudPanel.ListSitesAsync(server, ct).ConfigureAwait(false);
        var byDomain = listed.GroupBy(l => l.Domain, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var findings = new List<DriftFinding>();
        var claimed = here.Where(ReconcileFleet.ClaimsName).Select(s => s.Domain.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var orphan in listed.Where(l => !claimed.Contains(l.Domain)))
        {
            findings.Add(new DriftFinding
            {
                Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudPanel, Resource = $"site {orphan.Domain}", Domain = orphan.Domain, ScopeId = server.Id,
                Detail = $"{orphan.DocRoot} (user {orphan.SiteUser}) on '{server.Name}' belongs to no site in the database.",
            });
        }

        foreach (var site in here.Where(s => ReconcileFleet.IsChecked(s) && s.HostingDocRoot is not null).OrderBy(s => s.Domain.Value, StringComparer.Ordinal))
        {
            var resource = $"site {site.Domain}";
            if (!byDomain.TryGetValue(site.Domain.Value, out var found))
            {
                findings.Add(new DriftFinding
                {
                    Kind = DriftKind.Ghost, Vendor = DriftVendors.CloudPanel, Resource = resource, Domain = site.Domain.Value, SiteId = site.Id, ScopeId = server.Id,
                    Detail = $"{site.HostingDocRoot} is recorded for the site but '{server.Name}' has no such doc root.",
                });
            }
            else if (!string.Equals(found.DocRoot, site.HostingDocRoot, StringComparison.Ordinal))
            {
                findings.Add(new DriftFinding
                {
                    Kind = DriftKind.Drift, Vendor = DriftVendors.CloudPanel, Resource = resource, Domain = site.Domain.Value, SiteId = site.Id, ScopeId = server.Id,
                    Detail = $"'{server.Name}' serves it from {found.DocRoot}; the database has {site.HostingDocRoot}.",
                });
            }
        }

        return (IReadOnlyList<DriftFinding>)[.. findings.OrderBy(f => f.Resource, StringComparer.Ordinal)];
    });
}
