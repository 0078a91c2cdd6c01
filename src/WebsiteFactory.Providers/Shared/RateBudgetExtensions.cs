using System.Collections.Concurrent;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Shared;

/// <summary>Waiting on a shared <see cref="IRateBudget"/>.</summary>
public static class RateBudgetExtensions
{
    // Permits waiting in-process per budget key (one window's worth): a contended budget (hundreds of sites on one
    // Namecheap user) must not fill every activity slot of the worker with calls that only wait.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Seats = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits (on <paramref name="clock"/>) until the budget grants a permit. When the wait would exceed
    /// <paramref name="maxWait"/>, or as many permits as the budget grants per window already wait in this process,
    /// throws a <see cref="ProviderErrorKind.RateLimited"/> error instead, so the durable retry (a timer, not a blocked
    /// worker) takes over.
    /// </summary>
    /// <remarks>
    /// The retry-after of a refusal is the time the permit frees less half of <paramref name="maxWait"/>, spread by a
    /// quarter of it: callers come back shortly before their turn and wait the rest here, at the exact moment. Told the
    /// exact time instead, every refused caller came back together a timer's latency after the permit had freed, and a
    /// fleet waiting on one registrar budget used barely half of it.
    /// </remarks>
    public static async Task AcquireAsync(this IRateBudget budget, string provider, string key, RateLimitPolicy policy, TimeProvider clock, TimeSpan maxWait, CancellationToken cancellationToken, int permits = 1)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(policy);
        var wait = await budget.TryAcquireAsync(key, policy, permits, cancellationToken).ConfigureAwait(false);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        // A short wait needs no seat: a burst of calls within one window just queues for a moment.
        var seats = wait <= maxWait / 4 ? null : Seats.GetOrAdd(key, _ => new SemaphoreSlim(policy.Limit));
        var held = seats is null ? 0 : TakeSeats(seats, permits);
        if (seats is not null && held == 0)
        {
            // The callers already waiting take the next window's calls: come back before the one after.
            throw Refused(provider, ComeBackAfter(wait + policy.Window, maxWait));
        }

        try
        {
            var waited = TimeSpan.Zero;
            while (true)
            {
                if (waited + wait > maxWait)
                {
                    throw Refused(provider, ComeBackAfter(wait, maxWait));
                }

                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                waited += wait;
                wait = await budget.TryAcquireAsync(key, policy, permits, cancellationToken).ConfigureAwait(false);
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }
            }
        }
        finally
        {
            if (held > 0)
            {
                seats!.Release(held);
            }
        }
    }

    /// <summary>
    /// One seat per permit wanted, all or none: the permits waiting in this process never exceed what one window grants,
    /// whatever mix of single calls and prepaid sequences waits on the key.
    /// </summary>
    private static int TakeSeats(SemaphoreSlim seats, int permits)
    {
        var held = 0;
        while (held < permits && seats.Wait(0))
        {
            held++;
        }

        if (held < permits && held > 0)
        {
            seats.Release(held);
            held = 0;
        }

        return held;
    }

    /// <summary>When a refused caller should try again: before its permit frees by half the in-call wait, ± a quarter of it.</summary>
    internal static TimeSpan ComeBackAfter(TimeSpan wait, TimeSpan maxWait)
    {
        var early = wait - (maxWait / 2) + (maxWait / 4 * ((Random.Shared.NextDouble() * 2) - 1));
        var floor = TimeSpan.FromSeconds(1);
        return early > floor ? early : floor;
    }

    private static ProviderException Refused(string provider, TimeSpan retryAfter) =>
        new(provider, ProviderErrorKind.RateLimited,
            $"The shared {provider} request budget is exhausted for now; retrying in {Math.Ceiling(retryAfter.TotalSeconds)} s.", retryAfter);
}
