using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// The Linux user of a CloudPanel site: a lower-case letter first, then <c>[a-z0-9_-]</c>, at most 32 characters.
/// Validated before it reaches <c>clpctl</c> or a path, so it is safe as a shell argument (still quote it).
/// </summary>
public sealed class SiteUser : IEquatable<SiteUser>, IParsable<SiteUser>
{
    /// <summary>Maximum length of a Linux user name.</summary>
    public const int MaxLength = 32;

    private SiteUser(string value) => Value = value;

    /// <summary>The user name.</summary>
    public string Value { get; }

    /// <summary>
    /// Derives a stable site user from a domain: <c>example-co-uk</c> for <c>example.co.uk</c>. Names that would be too
    /// long are cut and given a short hash suffix so two long domains do not collide; a leading digit gets an <c>s</c>.
    /// </summary>
    public static SiteUser FromDomain(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var name = domain.Value.Replace('.', '-');
        if (!char.IsAsciiLetterLower(name[0]))
        {
            name = "s" + name;
        }

        if (name.Length > MaxLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(domain.Value)))[..8];
            name = string.Concat(name.AsSpan(0, MaxLength - 9).TrimEnd('-'), "-", hash);
        }

        return Require(name);
    }

    /// <summary>Parses a site user; throws <see cref="FormatException"/> with a clear reason.</summary>
    public static SiteUser Parse(string? input) =>
        Require(input);

    /// <inheritdoc />
    public static SiteUser Parse(string s, IFormatProvider? provider) => Require(s);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out SiteUser result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a site user, returning a reason on failure.</summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out SiteUser? user, [NotNullWhen(false)] out string? error)
    {
        user = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "Site user is empty.";
            return false;
        }

        if (input.Length > MaxLength)
        {
            error = $"Site user is longer than {MaxLength} characters.";
            return false;
        }

        if (!char.IsAsciiLetterLower(input[0]))
        {
            error = "Site user must start with a lower-case letter (a-z).";
            return false;
        }

        foreach (var c in input)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                error = "Site user may contain only lower-case letters, digits, '_' and '-'.";
                return false;
            }
        }

        error = null;
        user = new SiteUser(input);
        return true;
    }

    private static SiteUser Require(string? input) =>
        TryParse(input, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <inheritdoc />
    public bool Equals(SiteUser? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SiteUser);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The user name.</summary>
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(SiteUser? left, SiteUser? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SiteUser? left, SiteUser? right) => !(left == right);
}
