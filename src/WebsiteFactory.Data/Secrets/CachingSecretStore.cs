using System.Collections.Concurrent;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Data.Secrets;

/// <summary>
/// Keeps secret values in memory for a short time in front of another <see cref="ISecretStore"/>, so that a batch of
/// hundreds of sites does not read the same Cloudflare token from Key Vault for every API call (Key Vault throttles at a
/// few thousand reads per ten seconds per vault).
/// </summary>
/// <remarks>
/// Writes and deletes through this store update the cache at once; a value rotated by another process is seen after
/// at most <see cref="TimeToLive"/>. Missing secrets are not cached, so a secret added elsewhere is found on the next
/// read. Values live only in this process's memory, never in logs.
/// </remarks>
public sealed class CachingSecretStore : ISecretStore, ISecretAgeSource
{
    private readonly ISecretStore _inner;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public CachingSecretStore(ISecretStore inner, TimeSpan timeToLive, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        _inner = inner;
        TimeToLive = timeToLive;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long a value is served from memory.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The wrapped store.</summary>
    public ISecretStore Inner => _inner;

    /// <inheritdoc />
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await TryGetAsync(name, cancellationToken) ?? await _inner.GetAsync(name, cancellationToken);

    /// <inheritdoc />
    public async Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (_cache.TryGetValue(name, out var hit) && hit.Expires > now)
        {
            return hit.Value;
        }

        var value = await _inner.TryGetAsync(name, cancellationToken);
        if (value is null)
        {
            _cache.TryRemove(name, out _);
        }
        else
        {
            _cache[name] = (value, now + TimeToLive);
        }

        return value;
    }

    /// <inheritdoc />
    /// <remarks>Asks the wrapped store (never cached); null when it does not record write times.</remarks>
    public Task<DateTimeOffset?> GetLastWrittenAsync(string name, CancellationToken cancellationToken = default) =>
        _inner is ISecretAgeSource ages ? ages.GetLastWrittenAsync(name, cancellationToken) : Task.FromResult<DateTimeOffset?>(null);

    /// <inheritdoc />
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        _cache.TryRemove(name, out _);
        await _inner.SetAsync(name, value, cancellationToken);
        _cache[name] = (value, _clock.GetUtcNow() + TimeToLive);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        _cache.TryRemove(name, out _);
        await _inner.DeleteAsync(name, cancellationToken);
    }
}
