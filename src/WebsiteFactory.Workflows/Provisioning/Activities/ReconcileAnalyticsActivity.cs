using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// The reconcile sweep of the non-blocking Matomo step: for every site whose hosting is active and whose tracking is
/// still <c>pending</c> or <c>failed</c>, starts its background retry (<see cref="AnalyticsRetry"/>,
/// <c>analytics-{domain}</c>) unless that retry, or the site's provisioning (which hands off by itself), is still active.
/// </summary>
/// <remarks>
/// Run by <c>Analytics_Nightly</c> before it collects (so every nightly run, scheduled or started with
/// <c>wf analytics run</c> / <c>POST /api/analytics/run</c>, reconciles). Idempotent: a second sweep finds the retries
/// running and starts nothing. Settings of the started retries come from the input, else from the host's
/// <see cref="ProvisionSettings"/> (section <c>Provisioning</c>); with <see cref="ProvisionSettings.SkipAnalytics"/> on, it does nothing.
/// </remarks>
[DurableTask(Name)]
public sealed class ReconcileAnalyticsActivity(ISiteRepository sites, IOrchestrationStarter starter, IActivityExecutionAccessor execution, ProvisionSettings? settings = null)
    : TaskActivity<AnalyticsReconcileInput, AnalyticsReconcileResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_ReconcileAnalytics";

    /// <inheritdoc />
    public override async Task<AnalyticsReconcileResult> RunAsync(TaskActivityContext context, AnalyticsReconcileInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var retrySettings = input?.Settings ?? settings;
        if (retrySettings?.SkipAnalytics == true)
        {
            return new AnalyticsReconcileResult(0, 0);
        }

        var open = new List<Site>();
        foreach (var status in new[] { AnalyticsStatus.Pending, AnalyticsStatus.Failed })
        {
            for (var offset = 0; ; offset += SiteQuery.MaxLimit)
            {
                var page = await sites.ListAsync(
                    new SiteQuery { AnalyticsStatus = status, StatusHosting = HostingStatus.Active, Offset = offset, Limit = SiteQuery.MaxLimit }, ct).ConfigureAwait(false);
                open.AddRange(page.Items);
                if (!page.HasMore)
                {
                    break;
                }
            }
        }

        int started = 0, running = 0;
        foreach (var site in open)
        {
            if (await starter.IsActiveAsync(SiteInstanceIds.Provision(site.Domain.Value), ct).ConfigureAwait(false))
            {
                running++;
                continue;
            }

            var retryInput = new AnalyticsRetryInput(site.Id, retrySettings, site.AnalyticsAttempts);
            if (await starter.StartUnlessActiveAsync(AnalyticsRetry.Name, retryInput, SiteInstanceIds.Analytics(site.Domain.Value), ct).ConfigureAwait(false))
            {
                started++;
            }
            else
            {
                running++;
            }
        }

        return new AnalyticsReconcileResult(started, running);
    }
}
