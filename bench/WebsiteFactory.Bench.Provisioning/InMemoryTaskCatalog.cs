using Microsoft.DurableTask;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>The orchestrators and activities of a <see cref="DurableTaskRegistry"/>, by name (case-insensitive, as <see cref="TaskName"/> compares).</summary>
internal sealed class InMemoryTaskCatalog(DurableTaskRegistry registry)
{
    public IReadOnlyDictionary<string, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators { get; } =
        registry.GetOrchestrators().ToDictionary(o => o.Key.Name, o => o.Value, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, Func<IServiceProvider, ITaskActivity>> Activities { get; } =
        registry.GetActivities().ToDictionary(a => a.Key.Name, a => a.Value, StringComparer.OrdinalIgnoreCase);
}
