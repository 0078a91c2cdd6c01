using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>The non-blocking Matomo step of <see cref="ProvisionSite"/> (orchestrator code: deterministic, durable calls only).</summary>
/// <remarks>A class of its own rather than a partial of the orchestrator: the SDK's analyzers fail on orchestrators split over files.</remarks>
internal static class ProvisionAnalytics
{
    /// <summary>
    /// Runs the Matomo step without ever failing provisioning: skipped, ok, failed (permanent error, recorded) or
    /// pending (the background retry was started).
    /// </summary>
    /// <returns>The site's analytics status after this run (snake case) and, unless ok or skipped, a warning for the result.</returns>
    public static async Task<(string Status, string? Warning)> RunAsync(TaskOrchestrationContext context, Guid siteId, ProvisionSettings settings)
    {
        var actor = $"workflow:{context.InstanceId}";
        if (settings.SkipAnalytics)
        {
            await context.CallActivityAsync<bool>(RecordAnalyticsStatusActivity.Name, new AnalyticsStatusInput(siteId, AnalyticsStatus.Skipped, null, null, actor));
            return ("skipped", null);
        }

        context.SetCustomStatus(new ProvisionStatus(ProvisionSite.Snake(SiteStep.Analytics)));
        const int Attempt = 1;
        try
        {
            await context.CallActivityAsync<int>(EnsureAnalyticsActivity.Name, new AnalyticsAttemptInput(siteId, $"{context.InstanceId}:{ProvisionSite.Snake(SiteStep.Analytics)}", Attempt));
            return ("ok", null);
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<PermanentStepException>())
        {
            var reason = FailureReasons.Of(e.FailureDetails);
            await context.CallActivityAsync<bool>(RecordAnalyticsStatusActivity.Name, new AnalyticsStatusInput(siteId, AnalyticsStatus.Failed, reason, Attempt, actor));
            return ("failed", $"Matomo site not set up: {reason} (fix the cause; the nightly reconcile tries again).");
        }
        catch (TaskFailedException e)
        {
            var reason = FailureReasons.Of(e.FailureDetails);
            try
            {
                var retryId = await context.CallActivityAsync<string>(
                    StartAnalyticsRetryActivity.Name,
                    new AnalyticsRetryInput(siteId, settings, PreviousAttempts: Attempt, StartWithDelay: true),
                    StepRetry.Options(settings));
                return ("pending", $"Matomo site not set up yet: {reason} (retrying in the background as {retryId}).");
            }
            catch (TaskFailedException start)
            {
                // The site shows analytics pending (the failed attempt recorded it); the nightly reconcile starts the retry.
                return ("pending", $"Matomo site not set up yet: {reason} (background retry not started: {FailureReasons.Of(start.FailureDetails)}; the nightly reconcile starts it).");
            }
        }
    }
}
