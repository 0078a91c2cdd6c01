using System.Collections.Concurrent;

namespace WebsiteFactory.Providers.SearchConsole;

/// <summary>
/// OAuth access tokens per Search Console account, shared by every <see cref="GoogleSearchConsoleClient"/> in the process
/// (a singleton: the typed client itself is created per activity, so a cache on it would refresh a token for every site).
/// Concurrent callers for the same account wait for one refresh instead of each asking Google.
/// </summary>
public sealed class GoogleAccessTokenCache
{
    private readonly ConcurrentDictionary<Guid, (string Token, DateTimeOffset Expires)> _tokens = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _refreshing = new();

    /// <summary>Gets a cached token valid at <paramref name="now"/>, or refreshes it once for all concurrent callers.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="now">Current time.</param>
    /// <param name="refresh">Asks Google for a new token; returns it and when to stop using it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The access token.</returns>
    public async Task<string> GetAsync(Guid accountId, Func<DateTimeOffset> now, Func<CancellationToken, Task<(string Token, DateTimeOffset Expires)>> refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(refresh);
        if (_tokens.TryGetValue(accountId, out var cached) && cached.Expires > now())
        {
            return cached.Token;
        }

        var gate = _refreshing.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tokens.TryGetValue(accountId, out cached) && cached.Expires > now())
            {
                return cached.Token; // refreshed by the caller we waited for
            }

            var fresh = await refresh(cancellationToken).ConfigureAwait(false);
            _tokens[accountId] = fresh;
            return fresh.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets an account's token (Google answered 401 with it).</summary>
    /// <param name="accountId">The account.</param>
    public void Invalidate(Guid accountId) => _tokens.TryRemove(accountId, out _);
}
