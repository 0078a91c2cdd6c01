namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>One installed certificate (<c>{CertificateDirectory}/{Domain}.crt</c>) and when it expires.</summary>
/// <param name="Domain">The file's domain (its name without <c>.crt</c>).</param>
/// <param name="NotAfter">The end of validity, or null when it could not be read.</param>
/// <param name="Issuer">The issuer as openssl prints it.</param>
/// <param name="Problem">Why it could not be read (permission, not a certificate), else null.</param>
public sealed record CertificateExpiry(string Domain, DateTimeOffset? NotAfter, string? Issuer, string? Problem)
{
    /// <summary>A certificate with fewer days left than this (or unreadable, or expired) is a warning: Let's Encrypt
    /// certificates are renewed 30 days before they expire, so 14 means renewal has failed for two weeks.</summary>
    public const int WarningDays = 14;

    /// <summary>True when the certificate needs an operator: unreadable, expired or fewer than <see cref="WarningDays"/> days left.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>Whether to warn.</returns>
    public bool NeedsAttention(DateTimeOffset now) => DaysLeft(now) is not { } days || days < WarningDays;

    /// <summary>Whole days left at <paramref name="now"/> (negative once expired), or null when unknown.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The days.</returns>
    public int? DaysLeft(DateTimeOffset now) => NotAfter is { } end ? (int)Math.Floor((end - now).TotalDays) : null;
}
