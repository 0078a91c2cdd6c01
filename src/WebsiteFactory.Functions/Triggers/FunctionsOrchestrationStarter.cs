using Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Triggers;

/// <summary>
/// <see cref="IOrchestrationStarter"/> on the Functions host: Durable Functions gives a client only as a binding, so every
/// generated activity trigger takes a <c>[DurableClient]</c> and <see cref="ActivityTriggers"/> makes it current on the
/// call's async flow (<see cref="Enter"/>); the starter uses the current one.
/// </summary>
public sealed class FunctionsOrchestrationStarter : IOrchestrationStarter
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    /// <summary>Makes <paramref name="client"/> current on this async flow until the returned scope is disposed.</summary>
    /// <param name="client">The trigger's client.</param>
    /// <returns>A scope that restores the previous client.</returns>
    public static IDisposable Enter(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = Current.Value;
        Current.Value = client;
        return new Scope(previous);
    }

    /// <inheritdoc/>
    public Task<bool> StartUnlessActiveAsync(string orchestrator, object input, string instanceId, CancellationToken cancellationToken = default) =>
        DurableTaskClientStarter.StartUnlessActiveAsync(Client(), orchestrator, input, instanceId, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> IsActiveAsync(string instanceId, CancellationToken cancellationToken = default) =>
        DurableTaskClientStarter.IsActiveAsync(Client(), instanceId, cancellationToken);

    private static DurableTaskClient Client() =>
        Current.Value ?? throw new InvalidOperationException("No Durable Functions client: IOrchestrationStarter works inside an activity trigger only.");

    private sealed class Scope(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
