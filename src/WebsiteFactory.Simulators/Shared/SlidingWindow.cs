namespace WebsiteFactory.Simulators.Shared;

/// <summary>Exact sliding-window counter (a log of timestamps). Not thread-safe: callers lock.</summary>
internal sealed class SlidingWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _hits = new();

    public int Limit => limit;

    public TimeSpan Window => window;

    /// <summary>Counts a hit if within the limit; returns false (and counts nothing) otherwise.</summary>
    public bool TryHit(DateTimeOffset now)
    {
        Trim(now);
        if (_hits.Count >= limit)
        {
            return false;
        }

        _hits.Enqueue(now);
        return true;
    }

    public int Remaining(DateTimeOffset now)
    {
        Trim(now);
        return Math.Max(0, limit - _hits.Count);
    }

    /// <summary>Time until the oldest hit leaves the window.</summary>
    public TimeSpan UntilReset(DateTimeOffset now)
    {
        Trim(now);
        return _hits.Count == 0 ? TimeSpan.Zero : _hits.Peek() + window - now;
    }

    private void Trim(DateTimeOffset now)
    {
        while (_hits.Count > 0 && _hits.Peek() <= now - window)
        {
            _hits.Dequeue();
        }
    }
}
