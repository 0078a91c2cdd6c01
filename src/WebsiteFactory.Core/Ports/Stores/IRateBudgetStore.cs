namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Durable token buckets shared by every worker and instance (table <c>rate_budgets</c>), for vendor limits such as
/// Cloudflare's 1200 requests per 5 minutes per account. Keys name the budget, e.g. <c>cloudflare:{accountId}</c>.
/// </summary>
/// <remarks>
/// Each call is one atomic statement under a row lock using the database clock, so concurrent callers on different
/// machines never overspend and clock skew between workers does not matter.
/// </remarks>
public interface IRateBudgetStore
{
    /// <summary>Takes <paramref name="tokens"/> if the bucket holds them; otherwise takes nothing and says how long to wait.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is not positive or exceeds the capacity.</exception>
    Task<RateBudgetDecision> TryTakeAsync(string key, RateBudgetPolicy policy, int tokens = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the vendor answered "rate limited, retry after <paramref name="retryAfter"/>": empties the bucket so
    /// that no caller anywhere is granted a token before then.
    /// </summary>
    Task PenalizeAsync(string key, RateBudgetPolicy policy, TimeSpan retryAfter, CancellationToken cancellationToken = default);
}
