namespace WebsiteFactory.Core.Domain;

/// <summary>State of Search Console verification (<c>sites.gsc_verification_status</c>).</summary>
public enum GscVerificationStatus
{
    /// <summary>Not verified yet.</summary>
    Pending,
    /// <summary>Verified and added as a Search Console property.</summary>
    Verified,
    /// <summary>Verification failed; see <see cref="Site.ErrorMessage"/>.</summary>
    Failed,
}
