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
/// Compares the nameservers on file at one registrar account with the ones Cloudflare assigned (as recorded), for every
/// delegated site of the account (<see cref="DnsStatus.Active"/>). Read-only: one <c>getList</c>-style read per domain,
/// paid from the registrar's shared budget like any other call.
/// </summary>
/// <remarks>A registrar holds domains the product never touched, so it has no orphans; a domain it no longer holds fails the read and is reported as a ghost.</remarks>
[DurableTask(Name)]
public sealed class ScanRegistrarActivity(
    IRegistrarClient registrar,
    IRegistrarAccountRepository accounts,
    ISiteRepository sites,
    IActivityExecutionAccessor execution) : TaskActivity<ReconcileScanInput, IReadOnlyList<DriftFinding>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ScanRegistrar";

    /// <inheritdoc />
    public override Task<IReadOnlyList<DriftFinding>> RunAsync(TaskActivityContext context, ReconcileScanInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var account = await ReconcileFleet.ScopeAsync(accounts, input, "Registrar account", ct).ConfigureAwait(false);
        var delegated = (await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false))
            .Where(s => s.RegistrarAccountId == account.Id && ReconcileFleet.IsChecked(s) && s.StatusDns == DnsStatus.Active && s.AssignedNameservers.Count > 0)
            .OrderBy(s => s.Domain.Value, StringComparer.Ordinal);
        var findings = new List<DriftFinding>();
        foreach (var site in delegated)
        {
            var domain = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);
            RegistrarNameservers ns;
            try
            {
                ns = await registrar.GetNameserversAsync(account, domain, ct).ConfigureAwait(false);
            }
            catch (Core.Errors.ProviderException e) when (e.Kind == Core.Errors.ProviderErrorKind.Permanent)
            {
                findings.Add(Finding(DriftKind.Ghost, site, account, domain, $"Registrar account '{account.AccountNickname}' cannot read the domain: {e.Message}"));
                continue;
            }

            if (!ns.Matches(site.AssignedNameservers))
            {
                var have = ns.IsRegistrarDefault ? "the registrar's default nameservers" : string.Join(", ", ns.Hosts);
                findings.Add(Finding(DriftKind.Drift, site, account, domain, $"The registrar delegates to {have}; the zone's assigned nameservers are {string.Join(", ", site.AssignedNameservers)}."));
            }
        }

        return (IReadOnlyList<DriftFinding>)findings;
    });

    private static DriftFinding Finding(DriftKind kind, Site site, RegistrarAccount account, DomainName domain, string detail) => new()
    {
        Kind = kind,
        Vendor = DriftVendors.Registrar,
        Resource = $"nameservers {domain}",
        Detail = detail,
        Domain = site.Domain.Value,
        SiteId = site.Id,
        ScopeId = account.Id,
    };
}
