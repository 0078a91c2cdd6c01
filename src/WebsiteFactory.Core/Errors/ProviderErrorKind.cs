namespace WebsiteFactory.Core.Errors;

/// <summary>The small typed set every vendor error is translated into (nothing above an adapter sees HTTP or XML).</summary>
public enum ProviderErrorKind
{
    /// <summary>A blip: timeout, reset, 5xx. Retry the step.</summary>
    Transient,
    /// <summary>The vendor's rate limit was hit; retry after <see cref="ProviderException.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>The thing already exists (and is ours, once the caller confirmed ownership).</summary>
    AlreadyExists,
    /// <summary>Will not succeed by retrying: bad credentials, invalid input, banned zone, quota. Fail fast.</summary>
    Permanent,
}
