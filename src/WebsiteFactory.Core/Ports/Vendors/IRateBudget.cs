namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// A rate budget shared by every worker and instance (durable, not in-process, in production): before calling a
/// vendor, an adapter takes a permit from the budget of the account it calls with.
/// </summary>
/// <remarks>
/// Keys are namespaced by vendor, e.g. <c>cloudflare:{accountId}</c>, <c>namecheap:{accountId}</c>,
/// <c>letsencrypt-failed:{hostname}</c>. The data layer implements it durably on PostgreSQL (<c>rate_budgets</c>);
/// the providers project has an in-process implementation for single-process runs, tests and benchmarks.
/// </remarks>
public interface IRateBudget
{
    /// <summary>
    /// Takes <paramref name="permits"/> from the budget if the policy allows it now. Returns <see cref="TimeSpan.Zero"/>
    /// when granted, otherwise how long to wait before trying again (nothing is taken then).
    /// </summary>
    ValueTask<TimeSpan> TryAcquireAsync(string budgetKey, RateLimitPolicy policy, int permits = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the vendor throttled us anyway (e.g. a 429 with <c>Retry-After</c>): nobody gets a permit for this
    /// key until <paramref name="retryAfter"/> has passed.
    /// </summary>
    ValueTask BlockAsync(string budgetKey, TimeSpan retryAfter, CancellationToken cancellationToken = default);

    /// <summary>Permits taken within the policy's window ending now (for throttling decisions such as LE failures).</summary>
    ValueTask<int> CountAsync(string budgetKey, RateLimitPolicy policy, CancellationToken cancellationToken = default);
}
