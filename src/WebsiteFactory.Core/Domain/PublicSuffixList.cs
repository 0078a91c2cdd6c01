using System.Collections.Frozen;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org) with its matching algorithm: normal rules, <c>*.</c> wildcards and
/// <c>!</c> exceptions. Used to find a name's registrable domain (eTLD+1), which is what registrars sell and Cloudflare
/// zones are made of.
/// </summary>
/// <remarks>
/// Unlike the browser algorithm, an unknown TLD has <em>no</em> public suffix here (the implicit <c>*</c> rule is not
/// applied): a name under a TLD that does not exist cannot be registered, so it is rejected early with a clear error.
/// </remarks>
public sealed class PublicSuffixList
{
    private readonly FrozenSet<string> _rules;
    private readonly FrozenSet<string> _wildcards;
    private readonly FrozenSet<string> _exceptions;

    /// <summary>Creates a list from rule lines in the official <c>.dat</c> format.</summary>
    public PublicSuffixList(IEnumerable<string> lines)
    {
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        var idn = new System.Globalization.IdnMapping();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.IndexOfAny([' ', '\t']);
            if (space > 0)
            {
                line = line[..space];
            }

            if (line.StartsWith('!'))
            {
                exceptions.Add(ToAscii(idn, line[1..]));
            }
            else if (line.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(ToAscii(idn, line[2..]));
            }
            else
            {
                rules.Add(ToAscii(idn, line));
            }
        }

        _rules = rules.ToFrozenSet(StringComparer.Ordinal);
        _wildcards = wildcards.ToFrozenSet(StringComparer.Ordinal);
        _exceptions = exceptions.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The list embedded in this assembly.</summary>
    public static PublicSuffixList Default { get; } = LoadEmbedded();

    /// <summary>Number of rules (all kinds).</summary>
    public int Count => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>
    /// Returns the public suffix of a lower-case ASCII name split into labels, or null when its TLD is unknown.
    /// </summary>
    public string? GetPublicSuffix(IReadOnlyList<string> labels)
    {
        string? best = null;
        var bestCount = 0;
        for (var take = 1; take <= labels.Count; take++)
        {
            var candidate = string.Join('.', labels.Skip(labels.Count - take));
            if (_exceptions.Contains(candidate))
            {
                // An exception rule wins: the suffix is the candidate minus its leftmost label.
                return take == 1 ? null : string.Join('.', labels.Skip(labels.Count - take + 1));
            }

            if (_rules.Contains(candidate) && take > bestCount)
            {
                best = candidate;
                bestCount = take;
            }

            if (take < labels.Count && _wildcards.Contains(candidate) && take + 1 > bestCount)
            {
                best = string.Join('.', labels.Skip(labels.Count - take - 1));
                bestCount = take + 1;
            }
        }

        return best;
    }

    private static string ToAscii(System.Globalization.IdnMapping idn, string rule)
    {
        try
        {
            return idn.GetAscii(rule).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return rule.ToLowerInvariant();
        }
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream("WebsiteFactory.Core.public_suffix_list.dat")
            ?? throw new InvalidOperationException("The embedded Public Suffix List is missing from WebsiteFactory.Core.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return new PublicSuffixList(lines);
    }
}
