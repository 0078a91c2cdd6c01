using System.Diagnostics.CodeAnalysis;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A pinned SSH host-key fingerprint in OpenSSH's SHA-256 form: <c>SHA256:</c> followed by the unpadded base64 of a
/// 32-byte digest (43 characters), as printed by <c>ssh-keygen -lf host_key.pub</c>.
/// </summary>
/// <remarks>
/// Parsing accepts the value with or without the <c>SHA256:</c> prefix and with or without <c>=</c> padding, and stores the
/// canonical prefixed, unpadded form. <see cref="Base64"/> is what SSH.NET's <c>HostKeyEventArgs.FingerPrintSHA256</c>
/// reports, so pinning is <c>e.CanTrust = fingerprint.Matches(e.FingerPrintSHA256)</c>. Host keys are pinned, never
/// trusted on first use.
/// </remarks>
public sealed class SshHostKeyFingerprint : IEquatable<SshHostKeyFingerprint>, IParsable<SshHostKeyFingerprint>
{
    private const string Prefix = "SHA256:";

    private SshHostKeyFingerprint(string base64) => Base64 = base64;

    /// <summary>The unpadded base64 digest, without the prefix.</summary>
    public string Base64 { get; }

    /// <summary>The canonical form, <c>SHA256:…</c>.</summary>
    public string Value => Prefix + Base64;

    /// <summary>True when a presented fingerprint (prefixed or not, padded or not) is this one.</summary>
    public bool Matches(string? presented) =>
        TryParse(presented, out var other, out _) && Equals(other);

    /// <summary>Parses a fingerprint; throws <see cref="FormatException"/> with a clear reason.</summary>
    public static SshHostKeyFingerprint Parse(string? input) =>
        Require(input);

    /// <inheritdoc />
    public static SshHostKeyFingerprint Parse(string s, IFormatProvider? provider) => Require(s);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out SshHostKeyFingerprint result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a fingerprint, returning a reason on failure.</summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out SshHostKeyFingerprint? fingerprint, [NotNullWhen(false)] out string? error)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "Host-key fingerprint is empty.";
            return false;
        }

        var s = input.Trim();
        if (s.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            s = s[Prefix.Length..];
        }
        else if (s.Contains(':', StringComparison.Ordinal))
        {
            error = "Host-key fingerprint must be a SHA-256 fingerprint ('SHA256:' + 43 base64 characters); MD5 fingerprints are not accepted.";
            return false;
        }

        s = s.TrimEnd('=');
        Span<byte> digest = stackalloc byte[33];
        if (s.Length != 43 || !System.Convert.TryFromBase64String(s + "=", digest, out var written) || written != 32)
        {
            error = "Host-key fingerprint must be 'SHA256:' followed by 43 base64 characters (the output of 'ssh-keygen -lf').";
            return false;
        }

        // Re-encode so the stored form is canonical even if the input had non-canonical trailing bits.
        error = null;
        fingerprint = new SshHostKeyFingerprint(System.Convert.ToBase64String(digest[..32]).TrimEnd('='));
        return true;
    }

    private static SshHostKeyFingerprint Require(string? input) =>
        TryParse(input, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <inheritdoc />
    public bool Equals(SshHostKeyFingerprint? other) => other is not null && string.Equals(Base64, other.Base64, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SshHostKeyFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Base64);

    /// <summary>The canonical form, <c>SHA256:…</c>.</summary>
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(SshHostKeyFingerprint? left, SshHostKeyFingerprint? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SshHostKeyFingerprint? left, SshHostKeyFingerprint? right) => !(left == right);
}
