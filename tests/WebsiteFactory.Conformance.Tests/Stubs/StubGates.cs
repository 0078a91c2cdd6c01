using System.Collections.Concurrent;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>One host's gates: a blocked stub waits on its gate until the test releases it (per scenario token and gate name).</summary>
public sealed class StubGates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);

    /// <summary>Waits until the gate is released.</summary>
    public Task WaitAsync(string token, string gate) => this.Gate(token, gate).Task;

    /// <summary>Releases the gate (idempotent).</summary>
    public void Release(string token, string gate) => this.Gate(token, gate).TrySetResult();

    private TaskCompletionSource Gate(string token, string gate) =>
        this.gates.GetOrAdd($"{token}/{gate}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
