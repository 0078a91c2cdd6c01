using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A validated, normalised internet host name: IDNA (punycode) ASCII form, lower case, no trailing dot, letters/digits/
/// hyphens only, 1–63 characters per label, at most 253 in all, and a public suffix from the Public Suffix List.
/// Parse once at the edge (<see cref="Parse(string?)"/>/<see cref="TryParse(string?, out DomainName?, out string?)"/>), then trust it.
/// </summary>
/// <remarks>
/// Because only letters, digits, hyphens and dots survive validation, a <see cref="DomainName"/> is safe to pass as a
/// shell argument, a URL host or a file-name component (still quote it: defence in depth).
/// IP addresses, single labels, bare public suffixes (<c>co.uk</c>) and names under an unknown TLD are rejected.
/// </remarks>
public sealed class DomainName : IEquatable<DomainName>, IParsable<DomainName>
{
    /// <summary>Maximum length of a host name in presentation form, without the trailing dot.</summary>
    public const int MaxLength = 253;

    /// <summary>Maximum length of one label.</summary>
    public const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    private DomainName(string ascii, string publicSuffix)
    {
        Value = ascii;
        PublicSuffix = publicSuffix;
        var suffixLabels = publicSuffix.Count(c => c == '.') + 1;
        var labels = ascii.Split('.');
        RegistrableDomain = string.Join('.', labels[^(suffixLabels + 1)..]);
    }

    /// <summary>The ASCII (punycode) form, e.g. <c>xn--bcher-kva.example</c>.</summary>
    public string Value { get; }

    /// <summary>The Unicode form, e.g. <c>bücher.example</c>.</summary>
    public string Unicode => Idn.GetUnicode(Value);

    /// <summary>The public suffix (eTLD), e.g. <c>co.uk</c>.</summary>
    public string PublicSuffix { get; }

    /// <summary>The registrable domain (eTLD+1), e.g. <c>example.co.uk</c> for <c>www.example.co.uk</c>.</summary>
    public string RegistrableDomain { get; }

    /// <summary>True when this name is its own registrable domain (a zone apex).</summary>
    public bool IsApex => Value.Length == RegistrableDomain.Length;

    /// <summary>The label left of the public suffix (registrars call it SLD), e.g. <c>example</c> for <c>example.co.uk</c>.</summary>
    public string SecondLevelLabel => RegistrableDomain[..RegistrableDomain.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>Parses and validates a domain name; throws <see cref="FormatException"/> with a clear reason.</summary>
    public static DomainName Parse(string? input) =>
        TryParse(input, out var domain, out var error) ? domain : throw new FormatException(error);

    /// <inheritdoc />
    public static DomainName Parse(string s, IFormatProvider? provider) =>
        TryParse(s, out var domain, out var error) ? domain : throw new FormatException(error);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out DomainName result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses and validates a domain name, returning a reason on failure.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? input,
        [NotNullWhen(true)] out DomainName? domain,
        [NotNullWhen(false)] out string? error)
    {
        domain = null;
        error = Validate(input, out var ascii, out var suffix);
        if (error is not null)
        {
            return false;
        }

        domain = new DomainName(ascii!, suffix!);
        return true;
    }

    private static string? Validate(string? input, out string? ascii, out string? suffix)
    {
        ascii = null;
        suffix = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return "Domain name is empty.";
        }

        var s = input.Trim();
        if (s.Length > 1024)
        {
            return "Domain name is too long.";
        }

        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "Domain name must not contain spaces or control characters.";
            }
        }

        if (s.EndsWith('.'))
        {
            s = s[..^1];
        }

        if (s.Length == 0 || s.StartsWith('.') || s.Contains("..", StringComparison.Ordinal))
        {
            return $"'{Shorten(input)}' has an empty label.";
        }

        // IdnMapping rejects over-long names and labels with a generic error; say which limit was broken instead.
        if (s.Length > MaxLength && s.All(char.IsAscii))
        {
            return $"Domain name is longer than {MaxLength} characters.";
        }

        foreach (var label in s.Split('.'))
        {
            if (label.Length > MaxLabelLength && label.All(char.IsAscii))
            {
                return $"Label '{Shorten(label)}' is longer than {MaxLabelLength} characters.";
            }
        }

        string a;
        try
        {
            a = Idn.GetAscii(s).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return $"'{Shorten(input)}' is not a valid host name (only letters, digits and hyphens are allowed in labels).";
        }

        if (a.Length > MaxLength)
        {
            return $"Domain name is longer than {MaxLength} characters.";
        }

        var labels = a.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0)
            {
                return $"'{Shorten(input)}' has an empty label.";
            }

            if (label.Length > MaxLabelLength)
            {
                return $"Label '{Shorten(label)}' is longer than {MaxLabelLength} characters.";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return $"Label '{label}' must not start or end with a hyphen.";
            }

            foreach (var c in label)
            {
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
                {
                    return $"'{Shorten(input)}' contains a character that is not allowed in a host name.";
                }
            }
        }

        if (labels.Length < 2)
        {
            return $"'{Shorten(input)}' is not a fully qualified domain name.";
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            return $"'{Shorten(input)}' is an IP address, not a domain name.";
        }

        var ps = PublicSuffixList.Default.GetPublicSuffix(labels);
        if (ps is null)
        {
            return $"'{Shorten(input)}' does not end in a known public suffix (top-level domain).";
        }

        if (ps.Length == a.Length)
        {
            return $"'{Shorten(input)}' is a public suffix, not a registrable domain.";
        }

        ascii = a;
        suffix = ps;
        return null;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");

    /// <inheritdoc />
    public bool Equals(DomainName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DomainName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The ASCII form.</summary>
    public override string ToString() => Value;

    /// <summary>Equality by ASCII form.</summary>
    public static bool operator ==(DomainName? left, DomainName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by ASCII form.</summary>
    public static bool operator !=(DomainName? left, DomainName? right) => !(left == right);
}
