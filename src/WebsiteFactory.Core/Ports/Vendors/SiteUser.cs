using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// A validated CloudPanel site (Linux) user name: <c>[a-z][a-z0-9_-]{0,31}</c>. Safe as a shell argument and a path
/// component (still quoted: defence in depth).
/// </summary>
public sealed record SiteUser
{
    private SiteUser(string value) => Value = value;

    /// <summary>Maximum length (Linux user names are limited to 32 characters).</summary>
    public const int MaxLength = 32;

    /// <summary>The user name.</summary>
    public string Value { get; }

    /// <summary>Validates a user name.</summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out SiteUser? user)
    {
        user = null;
        if (string.IsNullOrEmpty(input) || input.Length > MaxLength || input[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in input)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                return false;
            }
        }

        user = new SiteUser(input);
        return true;
    }

    /// <summary>Validates a user name or throws <see cref="FormatException"/>.</summary>
    public static SiteUser Parse(string? input) =>
        TryParse(input, out var user) ? user : throw new FormatException("Site user must match [a-z][a-z0-9_-]{0,31}.");

    /// <summary>
    /// Derives a stable, unique-per-domain user name: the domain's letters and digits (max 23) plus a short hash, so
    /// two domains that look alike after stripping dots never collide.
    /// </summary>
    public static SiteUser FromDomain(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var sb = new StringBuilder();
        foreach (var c in domain.Value)
        {
            if (sb.Length == 23)
            {
                break;
            }

            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
        }

        if (sb.Length == 0 || sb[0] is < 'a' or > 'z')
        {
            sb.Insert(0, 's');
        }

        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(domain.Value));
        var suffix = Convert.ToHexStringLower(hash, 0, 3);
        return new SiteUser($"{sb}-{suffix}");
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
