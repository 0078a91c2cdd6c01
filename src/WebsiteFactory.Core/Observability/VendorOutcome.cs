namespace WebsiteFactory.Core.Observability;

/// <summary>How a vendor operation ended.</summary>
public enum VendorOutcome
{
    /// <summary>The vendor did what was asked.</summary>
    Success,

    /// <summary>The vendor refused for good (bad input, permissions, already exists…).</summary>
    Error,

    /// <summary>A 5xx, a timeout or no answer: worth retrying.</summary>
    TransientError,

    /// <summary>The vendor answered 429.</summary>
    RateLimited,

    /// <summary>We gave up waiting (shutdown, a caller's timeout): not counted against the vendor.</summary>
    Cancelled,
}

/// <summary>Exported names of <see cref="VendorOutcome"/>.</summary>
public static class VendorOutcomeNames
{
    /// <summary>The outcome's tag value (<c>success</c>, <c>error</c>, <c>transient_error</c>, <c>rate_limited</c>, <c>cancelled</c>).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The tag value.</returns>
    public static string Name(this VendorOutcome outcome) => outcome switch
    {
        VendorOutcome.Success => "success",
        VendorOutcome.TransientError => "transient_error",
        VendorOutcome.RateLimited => "rate_limited",
        VendorOutcome.Cancelled => "cancelled",
        _ => "error",
    };
}
