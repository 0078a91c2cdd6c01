using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Namecheap;

/// <summary>Namecheap simulator data: API users (key, whitelisted IPs), their domains, throttle windows and counters.</summary>
public sealed class NamecheapState
{
    private readonly Dictionary<string, User> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _domainOwner = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _foreign = new(StringComparer.OrdinalIgnoreCase);
    private long _throttled;
    private long _calls;

    internal Lock Sync { get; } = new();

    internal sealed record User(string ApiKey, HashSet<string> WhitelistedIps, SlidingWindow Minute, SlidingWindow Hour);

    /// <summary>Adds an API user with its key and whitelisted client IPs.</summary>
    public void AddUser(string apiUser, string apiKey, NamecheapSimulatorOptions options, params string[] whitelistedIps)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Sync)
        {
            _users[apiUser] = new User(apiKey, new HashSet<string>(whitelistedIps, StringComparer.Ordinal),
                new SlidingWindow(options.PerMinute, TimeSpan.FromMinutes(1)), new SlidingWindow(options.PerHour, TimeSpan.FromHours(1)));
        }
    }

    /// <summary>Registers a domain to a user.</summary>
    public void AddDomain(string apiUser, string domain)
    {
        lock (Sync)
        {
            _domainOwner[domain] = apiUser;
        }
    }

    /// <summary>Marks a domain as registered to somebody else (error 2016166 for everyone).</summary>
    public void AddForeignDomain(string domain)
    {
        lock (Sync)
        {
            _foreign.Add(domain);
        }
    }

    /// <summary>Calls answered with HTTP 405 (throttled).</summary>
    public long ThrottledCount => Interlocked.Read(ref _throttled);

    /// <summary>Calls received.</summary>
    public long CallCount => Interlocked.Read(ref _calls);

    internal void CountCall() => Interlocked.Increment(ref _calls);

    internal void CountThrottled() => Interlocked.Increment(ref _throttled);

    internal User? GetUser(string apiUser) => _users.GetValueOrDefault(apiUser);

    /// <summary>Owner of a domain: the user, null when unknown; auto-registers in demo mode.</summary>
    internal string? Owner(string domain, string caller, bool autoRegister)
    {
        if (_foreign.Contains(domain))
        {
            return "someone-else";
        }

        if (!_domainOwner.TryGetValue(domain, out var owner) && autoRegister)
        {
            _domainOwner[domain] = caller;
            owner = caller;
        }

        return owner;
    }
}
