namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Outcome of asking Google to verify a domain.</summary>
public enum DomainVerificationResult
{
    /// <summary>Verified (or already was).</summary>
    Verified,
    /// <summary>Google did not find the token yet (DNS propagation); retry later.</summary>
    TokenNotFound,
}
