using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Plan;

/// <summary>
/// Lists, per site and vendor, what provisioning (<see cref="ProvisionSite"/>) or teardown (<see cref="Teardown.TeardownSite"/>)
/// would create, update or delete, from read-only calls only — the way <c>terraform plan</c> or <c>dnscontrol preview</c>
/// do. Nothing is written anywhere: not at a vendor, not in the database, not in the secret store.
/// </summary>
/// <remarks>
/// <para><b>Read-only by construction.</b> The planner calls only the ports' look-ups: Cloudflare
/// <see cref="ICloudflareClient.FindZoneAsync"/> and <see cref="ICloudflareClient.ListRecordsAsync"/>, the registrar's
/// <see cref="IRegistrarClient.GetNameserversAsync"/>, CloudPanel's <see cref="ICloudPanelClient.FindSiteAsync"/> and
/// Matomo's <see cref="IMatomoClient.FindSiteIdAsync"/>. Content, build, deploy and Search Console are planned from the
/// site's recorded statuses (asking Google for a verification token is a POST, and the publish steps have no look-up
/// that tells more than the statuses do).</para>
/// <para><b>Same decisions as the pipeline.</b> The desired records come from <see cref="DesiredRecords"/>, the record
/// comparison is the one <see cref="ICloudflareClient.UpsertRecordAsync"/> makes, and the skips mirror the activities'
/// (a certificate recorded as installed is never ordered again, a recorded Matomo id makes no call, teardown skips what
/// was never recorded).</para>
/// <para><b>Budgets.</b> The adapters draw on the shared rate budgets like any other caller; a site whose vendor budget
/// is spent gets an error entry instead of a wait, and the other sites are planned. Sites are planned
/// <see cref="MaxParallel"/> at a time.</para>
/// </remarks>
public sealed partial class SitePlanner(
    ProvisioningLookups lookups,
    ICloudflareClient cloudflare,
    IRegistrarClient registrar,
    ICloudPanelClient cloudPanel,
    IMatomoClient matomo,
    ILogger<SitePlanner> logger,
    ProvisionSettings? settings = null)
{
    /// <summary>Sites planned at once (each makes a handful of sequential vendor calls).</summary>
    public const int MaxParallel = 4;

    private readonly ProvisionSettings _settings = settings ?? new ProvisionSettings();

    /// <summary>Plans the sites.</summary>
    /// <param name="sites">The sites, in the order the report lists them.</param>
    /// <param name="mode">Provision or teardown.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public async Task<PlanReport> PlanAsync(IReadOnlyList<Site> sites, PlanMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var plans = new SitePlan[sites.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sites.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = cancellationToken },
            async (i, ct) => plans[i] = await PlanSiteAsync(sites[i], mode, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new PlanReport(mode, plans);
    }

    /// <summary>Plans one site.</summary>
    /// <param name="site">The site.</param>
    /// <param name="mode">Provision or teardown.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Its plan.</returns>
    public async Task<SitePlan> PlanSiteAsync(Site site, PlanMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        var plan = new Builder(site.Domain.Value);
        if (mode == PlanMode.Teardown)
        {
            await PlanTeardownAsync(site, plan, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await PlanProvisionAsync(site, plan, cancellationToken).ConfigureAwait(false);
        }

        return new SitePlan(site.Id, site.Domain.Value, plan.Changes, plan.Errors);
    }

    /// <summary>Runs one vendor's part; a vendor or look-up error becomes an error entry and the other parts go on.</summary>
    private async Task<(bool Ok, T? Value)> ReadAsync<T>(Builder plan, string vendor, Func<Task<T>> read)
    {
        try
        {
            return (true, await read().ConfigureAwait(false));
        }
        catch (Exception e) when (e is ProviderException or PermanentStepException)
        {
            Log.ReadFailed(logger, plan.Domain, vendor, e.GetType().Name);
            plan.Errors.Add($"{vendor}: {e.Message}");
            return (false, default);
        }
    }

    /// <summary>The entries and errors of one site, as they are found.</summary>
    private sealed class Builder(string domain)
    {
        public string Domain { get; } = domain;

        public List<PlanChange> Changes { get; } = [];

        public List<string> Errors { get; } = [];

        public void Add(string vendor, PlanAction action, string resource, string? before, string? after, string detail) =>
            Changes.Add(new PlanChange(Domain, vendor, action, resource, before, after, detail));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 950, Level = LogLevel.Warning, Message = "Plan of {Domain}: could not read {Vendor} ({Error})")]
        public static partial void ReadFailed(ILogger logger, string domain, string vendor, string error);
    }
}
