using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// Durable retry of a whole step: exponential backoff capped at <see cref="ProvisionSettings.StepMaxRetry"/>, at least
/// the vendor's <c>Retry-After</c> for rate limits, never for <see cref="PermanentStepException"/>. The wait is a
/// durable timer, so no worker is blocked.
/// </summary>
public static class StepRetry
{
    /// <summary>Task options with the step retry handler.</summary>
    public static TaskOptions Options(ProvisionSettings settings, int? maxAttempts = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var attempts = maxAttempts ?? settings.StepMaxAttempts;
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (retry.LastFailure.IsCausedBy<PermanentStepException>())
            {
                return false;
            }

            TimeSpan delay;
            if (RateLimitedStepException.ParseRetryAfter(retry.LastFailure.ErrorMessage) is { } after)
            {
                // Waiting our turn on a budget: bounded by time, not attempts; wait exactly as long as the budget says.
                if (retry.TotalRetryTime + after > settings.RateLimitPatience)
                {
                    return false;
                }

                delay = after > TimeSpan.Zero ? after : settings.StepFirstRetry;
            }
            else
            {
                if (retry.LastAttemptNumber >= attempts)
                {
                    return false;
                }

                delay = Backoff(settings, retry.LastAttemptNumber);
            }

            await retry.OrchestrationContext.CreateTimer(delay, CancellationToken.None);
            return true;
        });
    }

    /// <summary>The backoff after <paramref name="failedAttempt"/> failures (1-based).</summary>
    public static TimeSpan Backoff(ProvisionSettings settings, int failedAttempt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ticks = settings.StepFirstRetry.Ticks * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        return ticks >= settings.StepMaxRetry.Ticks ? settings.StepMaxRetry : TimeSpan.FromTicks((long)ticks);
    }
}
