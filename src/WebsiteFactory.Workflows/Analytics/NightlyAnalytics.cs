using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Analytics.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Analytics;

/// <summary>
/// The nightly analytics job: reconciles the sites whose Matomo tracking is pending or failed (restarts their background
/// retry, <see cref="ReconcileAnalyticsActivity"/>), lists the sites, collects each one (Matomo visits, Search Console clicks/impressions) with
/// at most <see cref="NightlyAnalyticsInput.MaxParallel"/> at once, and summarises. One site's failure never stops
/// another; re-running a night changes nothing (upserts by (date, site)).
/// </summary>
[DurableTask(Name)]
public sealed class NightlyAnalytics : TaskOrchestrator<NightlyAnalyticsInput, NightlyAnalyticsResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Analytics_Nightly";

    /// <inheritdoc />
    public override async Task<NightlyAnalyticsResult> RunAsync(TaskOrchestrationContext context, NightlyAnalyticsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        input ??= new NightlyAnalyticsInput();
        var runDate = input.Date ?? DateOnly.FromDateTime(context.CurrentUtcDateTime);
        var through = runDate.AddDays(-1);
        var retry = TaskOptions.FromRetryHandler(async r =>
        {
            if (r.LastFailure.IsCausedBy<PermanentStepException>() || r.LastAttemptNumber >= 3)
            {
                return false;
            }

            await r.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(30 * r.LastAttemptNumber), CancellationToken.None);
            return true;
        });

        // Reconcile first: sites whose Matomo tracking is still pending or failed get their background retry
        // (Provisioning_AnalyticsRetry) started again. A failed sweep is reported and does not stop the collection.
        var failures = new List<string>();
        try
        {
            await context.CallActivityAsync<AnalyticsReconcileResult>(ReconcileAnalyticsActivity.Name, new AnalyticsReconcileInput(), retry);
        }
        catch (TaskFailedException e)
        {
            failures.Add($"reconcile: {e.FailureDetails.ErrorMessage}");
        }

        var siteIds = await context.CallActivityAsync<IReadOnlyList<Guid>>(ListAnalyticsSitesActivity.Name, input, retry);
        var results = new List<CollectAnalyticsResult>();
        var pending = new Dictionary<Task<CollectAnalyticsResult>, Guid>();
        var maxParallel = Math.Max(1, input.MaxParallel);

        async Task DrainOneAsync()
        {
            var done = await Task.WhenAny(pending.Keys);
            var siteId = pending[done];
            pending.Remove(done);
            try
            {
                results.Add(await done);
            }
            catch (TaskFailedException e)
            {
                failures.Add($"{siteId}: {e.FailureDetails.ErrorMessage}");
            }
        }

        foreach (var siteId in siteIds)
        {
            if (pending.Count >= maxParallel)
            {
                await DrainOneAsync();
            }

            var task = context.CallActivityAsync<CollectAnalyticsResult>(
                CollectAnalyticsActivity.Name, new CollectAnalyticsInput(siteId, through, input.RefetchDays, input.MaxBackfillDays), retry);
            pending[task] = siteId;
            context.SetCustomStatus(new { through = through.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), started = results.Count + failures.Count + pending.Count, total = siteIds.Count });
        }

        while (pending.Count > 0)
        {
            await DrainOneAsync();
        }

        failures.AddRange(results.Where(r => r.MatomoError is not null).Select(r => $"{r.SiteId}: {r.MatomoError}"));
        failures.AddRange(results.Where(r => r.SearchConsoleError is not null).Select(r => $"{r.SiteId}: {r.SearchConsoleError}"));
        var anomalies = results.Where(r => r.Anomaly is not null).Select(r => $"{r.SiteId}: {r.Anomaly}").ToList();
        return new NightlyAnalyticsResult(through, siteIds.Count, results.Sum(r => r.RowsWritten), failures, anomalies);
    }
}
