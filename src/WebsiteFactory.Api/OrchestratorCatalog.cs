using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace WebsiteFactory.Api;

/// <summary>
/// The orchestrators registered with this host's Durable Task worker (the SDK's <see cref="DurableTaskRegistry"/>), so a
/// route can answer "not available in this host" (501) instead of starting an instance no worker runs.
/// </summary>
public sealed class OrchestratorCatalog
{
    private readonly Lazy<HashSet<string>> names;

    /// <summary>Initializes a new instance of the <see cref="OrchestratorCatalog"/> class from the worker's registry.</summary>
    /// <param name="registries">The worker's registry options (every <c>AddTasks</c> call adds to the default one).</param>
    public OrchestratorCatalog(IOptionsMonitor<DurableTaskRegistry> registries)
    {
        ArgumentNullException.ThrowIfNull(registries);
        this.names = new(() => ToSet(registries.Get(Options.DefaultName).GetOrchestrators().Select(o => o.Key.Name)));
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestratorCatalog"/> class with fixed names (tests, client-only hosts).</summary>
    /// <param name="names">The orchestrator names.</param>
    public OrchestratorCatalog(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var set = ToSet(names);
        this.names = new(() => set);
    }

    /// <summary>Whether an orchestrator of this name is registered (case-insensitive, as the worker matches names).</summary>
    /// <param name="name">The orchestrator name.</param>
    /// <returns>True when registered.</returns>
    public bool HasOrchestrator(string name) => this.names.Value.Contains(name);

    private static HashSet<string> ToSet(IEnumerable<string> names) => new(names, StringComparer.OrdinalIgnoreCase);
}
