using System.Collections.Concurrent;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>In-memory secret store for adapter tests.</summary>
public sealed class DictionarySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Values => _values.Values;

    public Task<string> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _values.TryGetValue(name, out var v) ? Task.FromResult(v) : throw new KeyNotFoundException($"Secret '{name}' not found.");

    public Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryGetValue(name, out var v) ? v : null);

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
