namespace WebsiteFactory.Core.Observability;

/// <summary>One account's rate budget at a moment.</summary>
/// <param name="Vendor">The vendor (<c>cloudflare</c>).</param>
/// <param name="Account">The account's nickname.</param>
/// <param name="Limit">Requests allowed per window (our share, below the vendor's limit).</param>
/// <param name="Used">Requests taken in the window ending now.</param>
/// <param name="Window">The window.</param>
/// <param name="ReadAt">When it was read.</param>
public sealed record RateBudgetReading(string Vendor, string Account, int Limit, int Used, TimeSpan Window, DateTimeOffset ReadAt)
{
    /// <summary>Requests left in the window (never negative).</summary>
    public int Remaining => Math.Max(0, Limit - Used);
}

/// <summary>How many orphans of one kind the last reconcile found at a vendor.</summary>
/// <param name="Vendor">The vendor.</param>
/// <param name="Resource">What kind of resource (<c>zone</c>, <c>dns_record</c>, <c>site</c>…).</param>
/// <param name="Count">How many.</param>
public sealed record OrphanCount(string Vendor, string Resource, int Count)
{
    /// <summary>The orphans of a reconcile report by vendor and resource type (the gauge <c>wf.fleet.orphans</c>).</summary>
    /// <param name="report">The report (null before the first reconcile: no counts).</param>
    /// <returns>One count per vendor and resource type that has orphans, plus a zero for every other scanned type.</returns>
    public static IReadOnlyList<OrphanCount> From(Drift.DriftReport? report)
    {
        if (report is null)
        {
            return [];
        }

        return FromCounts(report.Findings.Where(f => f.Kind == Drift.DriftKind.Orphan).GroupBy(f => f.Vendor, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    /// <summary>The same as <see cref="From(Drift.DriftReport?)"/> from counts already made (<see cref="Ports.Stores.IDriftReportStore.CountLatestOrphansAsync"/>).</summary>
    /// <param name="orphansByFindingVendor">Orphans per finding vendor (<see cref="Drift.DriftVendors"/>); null before the first reconcile: no counts.</param>
    /// <returns>One count per exported vendor and resource type, zero where the dictionary has none.</returns>
    public static IReadOnlyList<OrphanCount> FromCounts(IReadOnlyDictionary<string, int>? orphansByFindingVendor) =>
        orphansByFindingVendor is null ? [] : [.. Types.Select(t => new OrphanCount(t.Vendor, t.Resource, orphansByFindingVendor.GetValueOrDefault(t.Source)))];

    /// <summary>The reconcile's finding vendors as exported (vendor, resource) pairs.</summary>
    private static readonly (string Source, string Vendor, string Resource)[] Types =
    [
        (Drift.DriftVendors.CloudflareZone, "cloudflare", "zone"),
        (Drift.DriftVendors.CloudflareRecord, "cloudflare", "dns_record"),
        (Drift.DriftVendors.Registrar, "registrar", "domain"),
        (Drift.DriftVendors.CloudPanel, "cloudpanel", "site"),
        (Drift.DriftVendors.Matomo, "matomo", "site"),
        (Drift.DriftVendors.SearchConsole, "searchconsole", "property"),
    ];
}
