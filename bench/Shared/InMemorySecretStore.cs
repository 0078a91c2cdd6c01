using System.Collections.Concurrent;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Bench;

/// <summary>Secrets in memory for the benchmarks (they hold only simulator credentials and throw-away SSH keys). Linked into each benchmark project.</summary>
internal sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public Task<string> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _values.TryGetValue(name, out var v) ? Task.FromResult(v) : throw new KeyNotFoundException($"Secret '{name}' not found.");

    public Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(_values.TryGetValue(name, out var v) ? v : null);

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        _values[name] = value;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        _values.TryRemove(name, out _);
        return Task.CompletedTask;
    }
}
