using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// Step 7: the Matomo site (look up by URL, else create). Never fails the pipeline: a vendor failure is recorded as a
/// warning on the site and returned as text, to be retried later from the UI or CLI.
/// </summary>
[DurableTask(Name)]
public sealed class EnsureAnalyticsActivity(ProvisioningLookups lookups, IMatomoClient matomo, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, string?>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_EnsureAnalytics";

    /// <inheritdoc />
    public override async Task<string?> RunAsync(TaskActivityContext context, StepInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        try
        {
            var id = site.MatomoSiteId ?? await matomo.EnsureSiteAsync(site.Domain, site.Brand ?? site.Domain.Value, ct).ConfigureAwait(false);
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Analytics,
                Outcome = StepOutcome.Succeeded,
                Message = $"Matomo site {id}.",
                Actor = $"workflow:{context.InstanceId}",
                MatomoSiteId = id,
            }, ct).ConfigureAwait(false);
            return null;
        }
        catch (ProviderException e)
        {
            var warning = $"Matomo site not set up (retry later): {e.Message}";
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Analytics,
                Outcome = StepOutcome.Warning,
                Message = warning,
                Actor = $"workflow:{context.InstanceId}",
            }, ct).ConfigureAwait(false);
            return warning;
        }
    }
}
