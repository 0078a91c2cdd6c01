namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>The nameservers a registrar has on file for a domain.</summary>
/// <param name="Hosts">Nameserver host names, lower case, no trailing dot.</param>
/// <param name="IsRegistrarDefault">True when the registrar's own DNS is in use (no custom nameservers).</param>
public sealed record RegistrarNameservers(IReadOnlyList<string> Hosts, bool IsRegistrarDefault)
{
    /// <summary>True when <see cref="Hosts"/> is exactly <paramref name="expected"/> as a set (case-insensitive).</summary>
    public bool Matches(IEnumerable<string> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var want = new HashSet<string>(expected.Select(Normalize), StringComparer.Ordinal);
        var have = new HashSet<string>(Hosts.Select(Normalize), StringComparer.Ordinal);
        return !IsRegistrarDefault && want.SetEquals(have);
    }

    /// <summary>Lower case, no trailing dot.</summary>
    public static string Normalize(string host) => (host ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
}
