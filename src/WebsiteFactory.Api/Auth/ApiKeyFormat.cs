using System.Security.Cryptography;
using System.Text;

namespace WebsiteFactory.Api.Auth;

/// <summary>Generates and hashes API keys of the form <c>wf_</c> + 43 base64url characters (256 random bits).</summary>
/// <remarks>
/// Keys are stored as SHA-256 digests. A fast hash is right here because the input is a 256-bit random value: nobody
/// can guess it, so the work factor of a password hash (PBKDF2, bcrypt) would buy no security and only cost CPU on every
/// request. What the hash protects against is a leak of the table: the digests cannot be turned back into usable keys.
/// Lookups use the digest directly (a unique index), so no timing-sensitive comparison of secrets happens in our code.
/// </remarks>
public static class ApiKeyFormat
{
    private static readonly System.Buffers.SearchValues<char> Base64Url = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The prefix every key starts with (lets secret scanners and the auth handler spot keys).</summary>
    public const string Prefix = "wf_";

    /// <summary>How many leading characters are stored in clear to tell keys apart in listings.</summary>
    public const int DisplayPrefixLength = 10;

    /// <summary>Creates a new random key.</summary>
    /// <returns>The key (shown once to its owner).</returns>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether a presented string has the shape of one of our keys (cheap check before any database work).</summary>
    /// <param name="key">The presented value.</param>
    /// <returns>True for <c>wf_</c> + 43 base64url characters.</returns>
    public static bool LooksValid(string? key) =>
        key is { Length: 46 }
        && key.StartsWith(Prefix, StringComparison.Ordinal)
        && key.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64Url) < 0;

    /// <summary>The SHA-256 digest stored for a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>32 bytes.</returns>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The non-secret display prefix of a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Its first <see cref="DisplayPrefixLength"/> characters.</returns>
    public static string DisplayPrefix(string key) => key[..DisplayPrefixLength];
}
