using System.Text.RegularExpressions;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// Removes anything that looks like a secret from free text before it is stored or shown: PEM private keys, bearer and
/// basic credentials, <c>token=…</c>/<c>"password": "…"</c> style pairs, long opaque mixed-case tokens, and any value
/// the caller knows is secret.
/// </summary>
/// <remarks>
/// Defence in depth only: adapters must not put secrets into messages in the first place. The heuristics keep what
/// operators need to diagnose: lower-case hex ids (Cloudflare zone and account ids), domains and
/// <c>SHA256:</c> fingerprints are not touched.
/// </remarks>
public static partial class SecretRedactor
{
    /// <summary>The replacement text.</summary>
    public const string Redacted = "[REDACTED]";

    /// <summary>Returns <paramref name="text"/> with secret-looking parts replaced by <see cref="Redacted"/>.</summary>
    /// <param name="text">Text to clean; null stays null.</param>
    /// <param name="knownSecrets">Values known to be secret (e.g. the token the adapter just used); each is removed verbatim.</param>
    public static string? Redact(string? text, IEnumerable<string>? knownSecrets = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (knownSecrets is not null)
        {
            foreach (var secret in knownSecrets)
            {
                // Very short values would shred ordinary words; they are not credentials anyway.
                if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                {
                    text = text.Replace(secret, Redacted, StringComparison.Ordinal);
                }
            }
        }

        text = PemRegex().Replace(text, "[REDACTED PRIVATE KEY]");
        text = AuthSchemeRegex().Replace(text, m => m.Groups["scheme"].Value + " " + Redacted);
        text = KeyValueRegex().Replace(text, m => m.Groups["key"].Value + Redacted);
        text = OpaqueTokenRegex().Replace(text, m => LooksRandom(m.Value) ? Redacted : m.Value);
        return text;
    }

    private static bool LooksRandom(string s)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in s)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        return upper && lower && digit;
    }

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PemRegex();

    [GeneratedRegex(@"\b(?<scheme>[Bb]earer|[Bb]asic)\s+[A-Za-z0-9._~+/=-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex AuthSchemeRegex();

    [GeneratedRegex(
        @"(?<key>[""']?\b[A-Za-z0-9_-]*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|authorization|auth[_-]?key|private[_-]?key|credential)s?[""']?\s*[:=]\s*[""']?)[^\s""'&,;}\]]+",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:/.-])[A-Za-z0-9_+/-]{32,}={0,2}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex OpaqueTokenRegex();
}
