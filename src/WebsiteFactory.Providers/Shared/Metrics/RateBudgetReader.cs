using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Cloudflare;

using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Shared.Metrics;

/// <summary>
/// Reads how much of each Cloudflare account's request budget is left in the current window (from the shared
/// <see cref="IRateBudget"/>, the one every worker pays from) and hands the readings to <see cref="VendorMetrics"/>.
/// </summary>
/// <param name="accounts">The Cloudflare accounts.</param>
/// <param name="budget">The shared budget.</param>
/// <param name="options">Cloudflare's limits as this product applies them.</param>
/// <param name="metrics">Where the readings go.</param>
/// <param name="clock">The clock.</param>
public sealed class RateBudgetReader(ICloudflareAccountRepository accounts, IRateBudget budget, IOptions<CloudflareOptions> options, VendorMetrics metrics, TimeProvider clock) : IRateBudgetReader
{
    /// <summary>Reads every account's budget now, publishes the readings and returns them (by account nickname).</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One reading per account.</returns>
    public async Task<IReadOnlyList<RateBudgetReading>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        // The same policy the client pays with (window plus guard), so "used" matches what blocks the next call.
        var policy = new RateLimitPolicy(o.RequestsPerWindow, o.Window + o.WindowGuard);
        var readings = new List<RateBudgetReading>();
        foreach (var account in (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(a => a.AccountNickname, StringComparer.Ordinal))
        {
            var used = await budget.CountAsync(CloudflareClient.BudgetKey(account), policy, cancellationToken).ConfigureAwait(false);
            readings.Add(new RateBudgetReading("cloudflare", account.AccountNickname, o.RequestsPerWindow, used, policy.Window, clock.GetUtcNow()));
        }

        metrics.SetRateBudgets(readings);
        return readings;
    }
}
