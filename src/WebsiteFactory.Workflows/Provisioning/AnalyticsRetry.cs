using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// A site's background Matomo retry, instance <c>analytics-{domain}</c> (<see cref="SiteInstanceIds.Analytics"/>): tries
/// the Matomo step on durable timers with capped exponential backoff until it succeeds (analytics <c>ok</c>) or gives up
/// (analytics <c>failed</c>, with the reason).
/// </summary>
/// <remarks>
/// <para>Started by <see cref="ProvisionSite"/> when its inline attempt fails with a retryable error (so provisioning
/// completes without waiting for Matomo), and by the nightly reconcile (<see cref="Activities.ReconcileAnalyticsActivity"/>)
/// for sites whose tracking is still pending or failed. Each attempt records itself on the site (<c>analytics_status</c>
/// pending with the reason and the attempt count, or ok with the Matomo site id); the attempt is idempotent (the Matomo
/// site is looked up by URL before one is created), so a retry after a lost answer creates no second site.</para>
/// <para>Waits: <see cref="ProvisionSettings.AnalyticsFirstRetry"/>, doubling up to <see cref="ProvisionSettings.AnalyticsMaxRetry"/>,
/// at least the vendor's <c>Retry-After</c> on rate limits. Give-up: after <see cref="ProvisionSettings.AnalyticsMaxAttempts"/>
/// attempts of this run, or at once on a permanent error (<see cref="PermanentStepException"/>: bad token, site gone). The
/// failure is recorded on the site first, then the instance <b>fails</b> with <see cref="SiteStepFailedException"/>
/// (step <c>analytics</c>), as every site workflow does.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class AnalyticsRetry : TaskOrchestrator<AnalyticsRetryInput, AnalyticsRetryResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_AnalyticsRetry";

    /// <summary>The step name in custom status, failures and <c>site_events</c>.</summary>
    public const string Step = "analytics";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">The retries gave up or the error is permanent; it is recorded on the site.</exception>
    public override async Task<AnalyticsRetryResult> RunAsync(TaskOrchestrationContext context, AnalyticsRetryInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ProvisionSettings();
        var maxAttempts = Math.Clamp(settings.AnalyticsMaxAttempts, 1, ProvisionSettings.MaxAnalyticsAttempts);
        var delay = settings.AnalyticsFirstRetry;
        if (input.StartWithDelay)
        {
            context.SetCustomStatus(new ProvisionStatus(Step, $"next attempt in {delay}"));
            await context.CreateTimer(delay, CancellationToken.None);
            delay = Next(delay, settings);
        }

        for (var run = 1; ; run++)
        {
            var attempt = input.PreviousAttempts + run;
            context.SetCustomStatus(new ProvisionStatus(Step, $"attempt {attempt}"));
            try
            {
                var matomoSiteId = await context.CallActivityAsync<int>(
                    EnsureAnalyticsActivity.Name, new AnalyticsAttemptInput(input.SiteId, $"{context.InstanceId}:{Step}:{attempt}", attempt));
                context.SetCustomStatus(new ProvisionStatus("done"));
                return new AnalyticsRetryResult(input.SiteId, matomoSiteId, attempt);
            }
            catch (TaskFailedException e)
            {
                var reason = FailureReasons.Of(e.FailureDetails);
                var permanent = e.FailureDetails.IsCausedBy<PermanentStepException>();
                if (permanent || run >= maxAttempts)
                {
                    var why = permanent ? reason : $"Matomo site not created after {run} attempts: {reason}";
                    context.SetCustomStatus(new ProvisionStatus(Step, "failed"));
                    await context.CallActivityAsync<bool>(
                        RecordAnalyticsStatusActivity.Name, new AnalyticsStatusInput(input.SiteId, AnalyticsStatus.Failed, why, attempt, $"workflow:{context.InstanceId}"));
                    throw new SiteStepFailedException(Step, why);
                }

                var wait = delay;
                if (RetryAfter(e.FailureDetails) is { } after && after > wait)
                {
                    wait = after;
                }

                context.SetCustomStatus(new ProvisionStatus(Step, $"attempt {attempt} failed, next in {wait}: {reason}"));
                await context.CreateTimer(wait, CancellationToken.None);
                delay = Next(delay, settings);
            }
        }
    }

    /// <summary>The wait after <paramref name="delay"/>: doubled, capped at <see cref="ProvisionSettings.AnalyticsMaxRetry"/>.</summary>
    private static TimeSpan Next(TimeSpan delay, ProvisionSettings settings) =>
        delay.Ticks >= settings.AnalyticsMaxRetry.Ticks / 2 ? settings.AnalyticsMaxRetry : delay * 2;

    private static TimeSpan? RetryAfter(TaskFailureDetails? details)
    {
        for (var d = details; d is not null; d = d.InnerFailure)
        {
            if (RateLimitedStepException.ParseRetryAfter(d.ErrorMessage) is { } after)
            {
                return after;
            }
        }

        return null;
    }
}
