using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Spaceship;

/// <summary>Spaceship simulator data: API key pairs, their domains, per-endpoint throttle windows, counters.</summary>
public sealed class SpaceshipState
{
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _domainOwner = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _foreign = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SlidingWindow> _windows = new(StringComparer.Ordinal);
    private long _throttled;

    internal Lock Sync { get; } = new();

    /// <summary>Adds an API key with its secret.</summary>
    public void AddKey(string apiKey, string apiSecret)
    {
        lock (Sync)
        {
            _keys[apiKey] = apiSecret;
        }
    }

    /// <summary>Registers a domain to a key.</summary>
    public void AddDomain(string apiKey, string domain)
    {
        lock (Sync)
        {
            _domainOwner[domain] = apiKey;
        }
    }

    /// <summary>Marks a domain as held by another customer (404 for everyone).</summary>
    public void AddForeignDomain(string domain)
    {
        lock (Sync)
        {
            _foreign.Add(domain);
        }
    }

    /// <summary>Requests answered with 429.</summary>
    public long ThrottledCount => Interlocked.Read(ref _throttled);

    internal List<string> DomainsOf(string key) => [.. _domainOwner.Where(d => d.Value == key).Select(d => d.Key).Order(StringComparer.Ordinal)];

    internal bool Authenticate(string key, string secret) => _keys.TryGetValue(key, out var s) && s == secret;

    internal string? Owner(string domain, string caller, bool autoRegister)
    {
        if (_foreign.Contains(domain))
        {
            return null;
        }

        if (!_domainOwner.TryGetValue(domain, out var owner) && autoRegister)
        {
            _domainOwner[domain] = caller;
            owner = caller;
        }

        return owner;
    }

    internal TimeSpan? Throttle(string key, int limit, TimeSpan window, DateTimeOffset now)
    {
        if (!_windows.TryGetValue(key, out var w))
        {
            w = new SlidingWindow(limit, window);
            _windows[key] = w;
        }

        if (w.TryHit(now))
        {
            return null;
        }

        Interlocked.Increment(ref _throttled);
        return w.UntilReset(now);
    }
}
