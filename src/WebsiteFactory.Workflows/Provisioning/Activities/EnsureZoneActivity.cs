using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Step 1: look up the site's Cloudflare zone in its account, create it when absent; store id and assigned NS.</summary>
[DurableTask(Name)]
public sealed class EnsureZoneActivity(ProvisioningLookups lookups, ICloudflareClient cloudflare, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, ZoneInfo>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_EnsureZone";

    /// <inheritdoc />
    public override Task<ZoneInfo> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var zone = await cloudflare.EnsureZoneAsync(account, DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Zone,
            Outcome = StepOutcome.Succeeded,
            Message = $"Zone {zone.Name} ({zone.Status.ToString().ToLowerInvariant()}), nameservers {string.Join(", ", zone.NameServers)}.",
            Actor = $"workflow:{context.InstanceId}",
            StatusDns = DnsStatus.Pending,
            CloudflareZoneId = zone.Id,
            AssignedNameservers = zone.NameServers,
            InstanceId = context.InstanceId,

            // Provisioning a torn-down site again brings it back to life.
            Lifecycle = site.Lifecycle == SiteLifecycle.Active ? null : SiteLifecycle.Active,
        }, ct).ConfigureAwait(false);
        return new ZoneInfo(zone.Id, zone.NameServers);
    });
}
