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
            if (retry.LastFailure.IsCausedBy<PermanentStepException>() || retry.LastAttemptNumber >= attempts)
            {
                return false;
            }

            var delay = Backoff(settings, retry.LastAttemptNumber);
            if (RateLimitedStepException.ParseRetryAfter(retry.LastFailure.ErrorMessage) is { } after && after > delay)
            {
                delay = after;
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
