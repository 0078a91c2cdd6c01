using System.Security.Cryptography;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>Site user passwords: generated here, stored in the secret store, validated before they reach a shell.</summary>
public static class SitePassword
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A new random password: 24 characters of letters and digits with at least one of each class.</summary>
    public static string Generate()
    {
        while (true)
        {
            var p = RandomNumberGenerator.GetString(Alphabet, 24);
            if (p.Any(char.IsAsciiLetterUpper) && p.Any(char.IsAsciiLetterLower) && p.Any(char.IsAsciiDigit))
            {
                return p;
            }
        }
    }

    /// <summary>True when the password is 16–128 letters and digits (what <see cref="Generate"/> produces).</summary>
    public static bool IsAcceptable(string? password) =>
        password is { Length: >= 16 and <= 128 } && password.All(char.IsAsciiLetterOrDigit);
}
