using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// Durable retry of a content step: exponential backoff, at least the vendor's <c>Retry-After</c>, never for
/// <see cref="PermanentStepException"/> (same rules as <see cref="StepRetry"/>, with the content run's settings).
/// </summary>
public static class ContentRetry
{
    /// <summary>Task options with the retry handler.</summary>
    public static TaskOptions Options(ContentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (retry.LastFailure.IsCausedBy<PermanentStepException>() || retry.LastAttemptNumber >= settings.StepMaxAttempts)
            {
                return false;
            }

            var ticks = settings.StepFirstRetry.Ticks * Math.Pow(2, Math.Max(0, retry.LastAttemptNumber - 1));
            var delay = TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.FromMinutes(15).Ticks));
            if (RateLimitedStepException.ParseRetryAfter(retry.LastFailure.ErrorMessage) is { } after && after > delay)
            {
                delay = after;
            }

            await retry.OrchestrationContext.CreateTimer(delay, CancellationToken.None);
            return true;
        });
    }
}
