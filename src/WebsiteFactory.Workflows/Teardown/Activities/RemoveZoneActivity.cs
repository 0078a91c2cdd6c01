using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// The Cloudflare zone. A site without a stored zone id is looked up by name in its account first, so a zone created by a
/// run that crashed before recording it is found too. Unknown id = success.
/// </summary>
[DurableTask(Name)]
public sealed class RemoveZoneActivity(ProvisioningLookups lookups, ICloudflareClient cloudflare, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Zone";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        if (site.CloudflareAccountId is null)
        {
            await step.RecordAsync(StepOutcome.Info, "Cloudflare: the site has no account; no zone to remove.").ConfigureAwait(false);
            return true;
        }

        var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var zoneId = site.CloudflareZoneId
            ?? (await cloudflare.FindZoneAsync(account, DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture), ct).ConfigureAwait(false))?.Id;
        if (zoneId is null)
        {
            await step.RecordAsync(StepOutcome.Info, "Cloudflare: no zone was created; skipped.").ConfigureAwait(false);
            return true;
        }

        await cloudflare.DeleteZoneAsync(account, zoneId, ct).ConfigureAwait(false);
        await step.RecordAsync(StepOutcome.Succeeded,
            $"Cloudflare: zone {zoneId} ({site.Domain.RegistrableDomain}) deleted (already gone counts as deleted).").ConfigureAwait(false);
        return true;
    });
}
