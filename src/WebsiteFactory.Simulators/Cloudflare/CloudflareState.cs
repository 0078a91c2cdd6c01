using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>
/// The Cloudflare simulator's data: tokens, accounts, zones and records, plus counters for tests and benchmarks.
/// Zone status is derived lazily from <see cref="Delegations"/> and the simulator clock.
/// </summary>
public sealed class CloudflareState
{
    private static readonly string[] NsNames =
        ["ada", "bart", "cody", "dana", "elle", "finn", "gina", "hugo", "iris", "jack", "kara", "leo", "mia", "noah", "olga", "pete"];

    private readonly CloudflareSimulatorOptions _options;
    private readonly Delegations _delegations;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, (string AccountId, string AccountName)> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlidingWindow> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private long _requests;
    private long _received;
    private long _rateLimited;

    internal CloudflareState(CloudflareSimulatorOptions options, Delegations delegations, TimeProvider clock)
    {
        _options = options;
        _delegations = delegations;
        _clock = clock;
    }

    internal Lock Sync { get; } = new();

    internal Dictionary<string, SimZone> Zones { get; } = new(StringComparer.Ordinal);

    internal CloudflareSimulatorOptions Options => _options;

    internal TimeProvider Clock => _clock;

    /// <summary>Registers an API token that acts on one account.</summary>
    public void AddToken(string token, string accountId, string accountName)
    {
        lock (Sync)
        {
            _tokens[token] = (accountId, accountName);
        }
    }

    /// <summary>
    /// Permission groups a token holds when none were staged: what provisioning needs (<c>Zone Write</c>, <c>DNS Write</c>)
    /// plus <c>API Tokens Read</c>, so the token may read its own policies.
    /// </summary>
    public static IReadOnlyList<string> FullPermissions { get; } = ["Zone Write", "DNS Write", "API Tokens Read"];

    /// <summary>
    /// Stages the permission groups of a token (Cloudflare's names, e.g. <c>Zone Read</c>, <c>DNS Write</c>), so a test can give it
    /// a scope too narrow for provisioning. <c>GET /user/tokens/{id}</c> reports them as the token's one policy.
    /// </summary>
    public void SetTokenPermissions(string token, params string[] permissionGroups)
    {
        lock (Sync)
        {
            _permissions[token] = permissionGroups;
        }
    }

    /// <summary>The id <c>/user/tokens/verify</c> reports for a token (32 hex, stable per token).</summary>
    public static string TokenId(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token ?? string.Empty)))[..32];

    internal IReadOnlyList<string> PermissionsOf(string token)
    {
        lock (Sync)
        {
            return _permissions.TryGetValue(token, out var p) ? p : FullPermissions;
        }
    }

    /// <summary>Requests received, including those failed by fault injection.</summary>
    public long ReceivedCount => Interlocked.Read(ref _received);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    /// <summary>Requests answered (including 429s).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Requests answered with 429 because a token exceeded its budget.</summary>
    public long RateLimitedCount => Interlocked.Read(ref _rateLimited);

    /// <summary>Number of zones with this name across all accounts.</summary>
    public int CountZones(string? name = null)
    {
        lock (Sync)
        {
            return name is null ? Zones.Count : Zones.Values.Count(z => z.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Number of records in the zone with this name, optionally filtered by type and FQDN.</summary>
    public int CountRecords(string zoneName, string? type = null, string? name = null)
    {
        lock (Sync)
        {
            return Zones.Values.Where(z => z.Name.Equals(zoneName, StringComparison.OrdinalIgnoreCase))
                .SelectMany(z => z.Records)
                .Count(r => (type is null || r.Type == type) && (name is null || r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <summary>Type and FQDN of every record in the zones with this name (duplicates show up twice).</summary>
    public IReadOnlyList<(string Type, string Name)> ListRecords(string zoneName)
    {
        lock (Sync)
        {
            return [.. Zones.Values.Where(z => z.Name.Equals(zoneName, StringComparison.OrdinalIgnoreCase))
                .SelectMany(z => z.Records).Select(r => (r.Type, r.Name.ToLowerInvariant()))];
        }
    }

    /// <summary>Status of the zone with this name (after lazy activation), or null.</summary>
    public string? GetZoneStatus(string zoneName)
    {
        lock (Sync)
        {
            var zone = Zones.Values.FirstOrDefault(z => z.Name.Equals(zoneName, StringComparison.OrdinalIgnoreCase));
            if (zone is null)
            {
                return null;
            }

            Refresh(zone);
            return zone.Status;
        }
    }

    /// <summary>The zone's A record content at <paramref name="host"/> for the DNS simulator, following one CNAME.</summary>
    internal IReadOnlyList<string> ResolveA(string host, IReadOnlyList<string> delegatedNs)
    {
        lock (Sync)
        {
            var zone = Zones.Values.FirstOrDefault(z =>
                (host.Equals(z.Name, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + z.Name, StringComparison.OrdinalIgnoreCase))
                && Delegations.SameSet(z.NameServers, delegatedNs));
            if (zone is null)
            {
                return [];
            }

            var target = host;
            var cname = zone.Records.FirstOrDefault(r => r.Type == "CNAME" && r.Name.Equals(target, StringComparison.OrdinalIgnoreCase));
            if (cname is not null)
            {
                target = cname.Content;
            }

            return [.. zone.Records.Where(r => r.Type == "A" && r.Name.Equals(target, StringComparison.OrdinalIgnoreCase)).Select(r => r.Content)];
        }
    }

    /// <summary>TXT values at <paramref name="host"/> as public DNS would answer them (only when the zone is the delegated one).</summary>
    internal IReadOnlyList<string> ResolveTxt(string host, IReadOnlyList<string> delegatedNs)
    {
        lock (Sync)
        {
            var zone = Zones.Values.FirstOrDefault(z =>
                (host.Equals(z.Name, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + z.Name, StringComparison.OrdinalIgnoreCase))
                && Delegations.SameSet(z.NameServers, delegatedNs));
            return zone is null ? [] : [.. zone.Records.Where(r => r.Type == "TXT" && r.Name.Equals(host, StringComparison.OrdinalIgnoreCase)).Select(r => r.Content)];
        }
    }

    /// <summary>Resolves a token; null when unknown.</summary>
    internal (string AccountId, string AccountName)? Authenticate(string token)
    {
        lock (Sync)
        {
            return _tokens.TryGetValue(token, out var a) ? a : null;
        }
    }

    /// <summary>Counts a request against the token; returns the 429 wait when limited, plus remaining/reset for headers.</summary>
    internal (TimeSpan? RetryAfter, int Remaining, TimeSpan Reset) Meter(string token)
    {
        Interlocked.Increment(ref _requests);
        var now = _clock.GetUtcNow();
        lock (Sync)
        {
            if (!_windows.TryGetValue(token, out var w))
            {
                w = new SlidingWindow(_options.RateLimit, _options.RateWindow);
                _windows[token] = w;
            }

            if (_blockedUntil.TryGetValue(token, out var until) && until > now)
            {
                Interlocked.Increment(ref _rateLimited);
                return (until - now, 0, until - now);
            }

            if (!w.TryHit(now))
            {
                Interlocked.Increment(ref _rateLimited);
                var block = now + _options.BlockDuration;
                _blockedUntil[token] = block;
                return (block - now, 0, block - now);
            }

            return (null, w.Remaining(now), w.UntilReset(now));
        }
    }

    /// <summary>Nameservers Cloudflare assigns: a stable pair per account.</summary>
    internal static IReadOnlyList<string> AssignNameServers(string accountId)
    {
        var h = (uint)StringComparer.Ordinal.GetHashCode(accountId);
        var h2 = checked((int)(h % (uint)NsNames.Length));
        var first = NsNames[h2];
        var second = NsNames[(h2 + 1 + (int)(h / 16 % (uint)(NsNames.Length - 1))) % NsNames.Length];
        return [$"{first}.ns.cloudflare.com", $"{second}.ns.cloudflare.com"];
    }

    /// <summary>Applies lazy activation: pending → active once the registry delegates to the zone's NS long enough.</summary>
    internal void Refresh(SimZone zone)
    {
        if (zone.Status != "pending")
        {
            return;
        }

        var d = _delegations.Get(zone.Name);
        if (d is null || !Delegations.SameSet(d.NameServers, zone.NameServers))
        {
            return;
        }

        var activeAt = d.SetAt + _options.PassiveActivationDelay;
        if (zone.LastActivationCheck is { } check && check >= d.SetAt)
        {
            // A check only helps when it ran after the registrar change (before it, Cloudflare saw the old NS).
            var checkedAt = check + _options.CheckedActivationDelay;
            if (checkedAt < activeAt)
            {
                activeAt = checkedAt;
            }
        }

        if (_clock.GetUtcNow() >= activeAt)
        {
            zone.Status = "active";
            zone.ActivatedOn = activeAt;
            zone.ModifiedOn = activeAt;
        }
    }
}
