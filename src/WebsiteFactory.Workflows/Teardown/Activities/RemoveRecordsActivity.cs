using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>DNS records the pipeline created (<see cref="Site.RecordIds"/>), deleted one by one. Unknown id = success.</summary>
[DurableTask(Name)]
public sealed class RemoveRecordsActivity(ProvisioningLookups lookups, ICloudflareClient cloudflare, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Records";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        if (site.CloudflareZoneId is not { } zoneId || site.RecordIds.Count == 0)
        {
            await step.RecordAsync(StepOutcome.Info, "DNS records: none were created; skipped.").ConfigureAwait(false);
            return true;
        }

        var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        foreach (var (_, recordId) in site.RecordIds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            await cloudflare.DeleteRecordAsync(account, zoneId, recordId, ct).ConfigureAwait(false);
        }

        await step.RecordAsync(StepOutcome.Succeeded,
            $"DNS records deleted: {string.Join(", ", site.RecordIds.Keys.Order(StringComparer.Ordinal))} (already gone counts as deleted).").ConfigureAwait(false);
        return true;
    });
}
