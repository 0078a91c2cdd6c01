using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// Step 4 (one poll): zone status at Cloudflare (asking for an activation check while pending) and the public NS set.
/// Marks <c>status_dns=active</c> once both agree.
/// </summary>
[DurableTask(Name)]
public sealed class CheckDelegationActivity(ProvisioningLookups lookups, ICloudflareClient cloudflare, IDnsResolver dns, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, DelegationState>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_CheckDelegation";

    /// <inheritdoc />
    public override Task<DelegationState> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var zoneId = site.CloudflareZoneId ?? throw new PermanentStepException($"Site {site.Domain} has no zone id.");
        var domain = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);

        var seen = await dns.GetNameserversAsync(domain, ct).ConfigureAwait(false);
        var live = new RegistrarNameservers(seen, false).Matches(site.AssignedNameservers);
        var zone = await cloudflare.GetZoneAsync(account, zoneId, ct).ConfigureAwait(false);
        if (zone.Status == ZoneStatus.Pending && live)
        {
            // Only worth asking once the world sees our NS; Cloudflare refuses checks more often than every 5 minutes anyway.
            await cloudflare.RequestActivationCheckAsync(account, zoneId, ct).ConfigureAwait(false);
        }

        var state = new DelegationState(zone.Status == ZoneStatus.Active, live,
            $"zone status {zone.Status.ToString().ToLowerInvariant()}, public NS [{string.Join(", ", seen)}], expected [{string.Join(", ", site.AssignedNameservers)}]");
        if (state.Done)
        {
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Delegation,
                Outcome = StepOutcome.Succeeded,
                Message = "Zone active and delegation live.",
                Actor = $"workflow:{context.InstanceId}",
                StatusDns = DnsStatus.Active,
                ErrorMessage = string.Empty,
            }, ct).ConfigureAwait(false);
        }

        return state;
    });
}
