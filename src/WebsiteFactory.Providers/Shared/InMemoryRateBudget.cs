using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Shared;

/// <summary>
/// <see cref="IRateBudget"/> for one process (tests, benchmarks, a single-node install): an exact sliding log per key.
/// Production with several workers uses the durable PostgreSQL implementation instead.
/// </summary>
public sealed class InMemoryRateBudget(TimeProvider clock) : IRateBudget
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Bucket
    {
        public Queue<DateTimeOffset> Hits { get; } = new();
        public DateTimeOffset BlockedUntil { get; set; }
    }

    /// <inheritdoc />
    public ValueTask<TimeSpan> TryAcquireAsync(string budgetKey, RateLimitPolicy policy, int permits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var b = Get(budgetKey);
            if (b.BlockedUntil > now)
            {
                return ValueTask.FromResult(b.BlockedUntil - now);
            }

            Trim(b, now, policy.Window);
            if (b.Hits.Count + permits > policy.Limit)
            {
                // The oldest hits must leave the window before enough permits are free again.
                var needed = b.Hits.Count + permits - policy.Limit;
                var until = b.Hits.ElementAt(Math.Min(needed, b.Hits.Count) - 1) + policy.Window;
                return ValueTask.FromResult(until - now + TimeSpan.FromMilliseconds(1));
            }

            for (var i = 0; i < permits; i++)
            {
                b.Hits.Enqueue(now);
            }

            return ValueTask.FromResult(TimeSpan.Zero);
        }
    }

    /// <inheritdoc />
    public ValueTask BlockAsync(string budgetKey, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        var until = clock.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            var b = Get(budgetKey);
            if (until > b.BlockedUntil)
            {
                b.BlockedUntil = until;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> CountAsync(string budgetKey, RateLimitPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_lock)
        {
            var b = Get(budgetKey);
            Trim(b, clock.GetUtcNow(), policy.Window);
            return ValueTask.FromResult(b.Hits.Count);
        }
    }

    private Bucket Get(string key)
    {
        if (!_buckets.TryGetValue(key, out var b))
        {
            b = new Bucket();
            _buckets[key] = b;
        }

        return b;
    }

    private static void Trim(Bucket b, DateTimeOffset now, TimeSpan window)
    {
        while (b.Hits.Count > 0 && b.Hits.Peek() <= now - window)
        {
            b.Hits.Dequeue();
        }
    }
}
