using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// Compares one Search Console account's properties (<c>sites.list</c>) with its sites: orphans (a property of no site
/// of this account) and ghosts (a verified site whose <c>sc-domain:</c> property is gone).
/// </summary>
[DurableTask(Name)]
public sealed class ScanSearchConsoleActivity(
    ISearchConsole searchConsole,
    IGscAccountRepository accounts,
    ISiteRepository sites,
    IActivityExecutionAccessor execution) : TaskActivity<ReconcileScanInput, IReadOnlyList<DriftFinding>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ScanSearchConsole";

    /// <inheritdoc />
    public override Task<IReadOnlyList<DriftFinding>> RunAsync(TaskActivityContext context, ReconcileScanInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var account = await ReconcileFleet.ScopeAsync(accounts, input, "Search Console account", ct).ConfigureAwait(false);
        var mine = (await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false)).Where(s => s.GscAccountId == account.Id).ToList();
        var properties = await searchConsole.ListPropertiesAsync(account, ct).ConfigureAwait(false);
        var listedDomains = properties.Select(DomainOf).Where(d => d is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var claimed = mine.Where(ReconcileFleet.ClaimsName).Select(s => s.Domain.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var findings = new List<DriftFinding>();
        foreach (var property in properties.Where(p => DomainOf(p) is not { } d || !claimed.Contains(d)))
        {
            findings.Add(new DriftFinding
            {
                Kind = DriftKind.Orphan, Vendor = DriftVendors.SearchConsole, Resource = property, Domain = DomainOf(property), ScopeId = account.Id,
                Detail = $"Property of '{account.AccountNickname}' that belongs to no site of that account in the database.",
            });
        }

        foreach (var site in mine.Where(s => ReconcileFleet.IsChecked(s) && s.GscVerificationStatus == GscVerificationStatus.Verified && !listedDomains.Contains(s.Domain.Value)))
        {
            findings.Add(new DriftFinding
            {
                Kind = DriftKind.Ghost, Vendor = DriftVendors.SearchConsole, Resource = $"sc-domain:{site.Domain}", Domain = site.Domain.Value, SiteId = site.Id, ScopeId = account.Id,
                Detail = $"The site is verified in the database but '{account.AccountNickname}' has no property for it.",
            });
        }

        return (IReadOnlyList<DriftFinding>)findings;
    });

    /// <summary>The domain of <c>sc-domain:example.com</c> or <c>https://www.example.com/</c>, lower case without <c>www.</c>.</summary>
    private static string? DomainOf(string property)
    {
        if (property.StartsWith("sc-domain:", StringComparison.OrdinalIgnoreCase))
        {
            return property["sc-domain:".Length..].ToLowerInvariant();
        }

        return Uri.TryCreate(property, UriKind.Absolute, out var uri)
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host).ToLowerInvariant()
            : null;
    }
}
