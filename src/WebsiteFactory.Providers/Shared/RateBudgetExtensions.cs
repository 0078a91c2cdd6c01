using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Shared;

/// <summary>Waiting on a shared <see cref="IRateBudget"/>.</summary>
public static class RateBudgetExtensions
{
    /// <summary>
    /// Waits (on <paramref name="clock"/>) until the budget grants a permit. When the wait would exceed
    /// <paramref name="maxWait"/>, throws a <see cref="ProviderErrorKind.RateLimited"/> error instead, so the durable
    /// retry (a timer, not a blocked worker) takes over.
    /// </summary>
    public static async Task AcquireAsync(this IRateBudget budget, string provider, string key, RateLimitPolicy policy, TimeProvider clock, TimeSpan maxWait, CancellationToken cancellationToken, int permits = 1)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var waited = TimeSpan.Zero;
        while (true)
        {
            var wait = await budget.TryAcquireAsync(key, policy, permits, cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (waited + wait > maxWait)
            {
                throw new ProviderException(provider, ProviderErrorKind.RateLimited,
                    $"The shared {provider} request budget is exhausted for now; retrying in {Math.Ceiling(wait.TotalSeconds)} s.", wait);
            }

            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            waited += wait;
        }
    }
}
