namespace WebsiteFactory.Simulators;

/// <summary>
/// The registry's view of which nameservers each domain delegates to: written by the registrar simulators, read by the
/// Cloudflare simulator (zone activation) and the DNS simulator (public NS answers).
/// </summary>
public sealed class Delegations
{
    /// <summary>Namecheap's default nameservers.</summary>
    public static readonly IReadOnlyList<string> NamecheapDefault = ["dns1.registrar-servers.com", "dns2.registrar-servers.com"];

    /// <summary>Spaceship's default nameservers.</summary>
    public static readonly IReadOnlyList<string> SpaceshipDefault = ["launch1.spaceship.net", "launch2.spaceship.net"];

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _changes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>A delegation: the NS set, when it was set, and the set before it.</summary>
    /// <param name="NameServers">Current NS set at the registry.</param>
    /// <param name="SetAt">When it was set (simulator clock).</param>
    /// <param name="Previous">The NS set before the change (what resolvers see until propagation).</param>
    /// <param name="IsCustom">True when custom nameservers are in use.</param>
    public sealed record Entry(IReadOnlyList<string> NameServers, DateTimeOffset SetAt, IReadOnlyList<string> Previous, bool IsCustom);

    /// <summary>The delegation of a domain; null when the registry never heard of it.</summary>
    public Entry? Get(string domain)
    {
        lock (_lock)
        {
            return _entries.GetValueOrDefault(domain);
        }
    }

    /// <summary>Sets the NS set of a domain (registrar simulators call this).</summary>
    public void Set(string domain, IReadOnlyList<string> nameServers, bool isCustom, DateTimeOffset at, IReadOnlyList<string> defaults)
    {
        lock (_lock)
        {
            var previous = _entries.TryGetValue(domain, out var e) ? e.NameServers : defaults;
            if (e is not null && SameSet(e.NameServers, nameServers))
            {
                return; // re-setting the same list does not restart propagation
            }

            _entries[domain] = new Entry([.. nameServers.Select(n => n.ToLowerInvariant())], at, previous, isCustom);
            _changes[domain] = _changes.GetValueOrDefault(domain) + 1;
        }
    }

    /// <summary>How many times the NS set of a domain actually changed (re-setting the same list does not count).</summary>
    public int CountChanges(string domain)
    {
        lock (_lock)
        {
            return _changes.GetValueOrDefault(domain);
        }
    }

    /// <summary>Set equality of two NS lists, case-insensitive, ignoring trailing dots.</summary>
    public static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a.Select(Norm), StringComparer.Ordinal).SetEquals(b.Select(Norm));

    private static string Norm(string s) => s.Trim().TrimEnd('.').ToLowerInvariant();
}
