using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// Records a Matomo decision an attempt cannot make itself: <c>failed</c> (the retries gave up or the error is
/// permanent; <c>analytics_error</c>, a failed audit event) or <c>skipped</c>. The site's blocking statuses and
/// <c>error_message</c> are left alone: the site is served, only its tracking is missing.
/// </summary>
[DurableTask(Name)]
public sealed class RecordAnalyticsStatusActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<AnalyticsStatusInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_RecordAnalyticsStatus";

    /// <inheritdoc />
    /// <returns><see langword="false"/> when nothing was recorded: the site no longer exists, or "skipped" would replace ok.</returns>
    public override async Task<bool> RunAsync(TaskActivityContext context, AnalyticsStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var failed = input.Status == AnalyticsStatus.Failed;
        if (input.Status == AnalyticsStatus.Skipped
            && (await store.GetAsync(input.SiteId, execution.Current.CancellationToken).ConfigureAwait(false))?.AnalyticsStatus is null or AnalyticsStatus.Ok or AnalyticsStatus.Skipped)
        {
            // A run without analytics does not hide a Matomo site that exists (or a site that is gone).
            return false;
        }

        var reason = SecretRedactor.Redact(input.Reason);
        try
        {
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = input.SiteId,
                Step = SiteStep.Analytics,
                Outcome = failed ? StepOutcome.Failed : StepOutcome.Info,
                Message = failed ? $"Matomo gave up: {reason}" : "Matomo skipped (analytics turned off for this run).",
                Actor = input.Actor,
                AnalyticsStatus = input.Status,
                AnalyticsError = failed ? reason ?? "Matomo step failed." : string.Empty,
                AnalyticsAttempts = input.Attempts,
            }, execution.Current.CancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
