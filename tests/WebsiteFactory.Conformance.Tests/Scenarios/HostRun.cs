using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Hosting;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>A scenario's run on one host, as its <see cref="Scenario.Drive"/> sees it: the client, waits on what the run recorded, gates, notes.</summary>
public sealed class HostRun(ConformanceHost host, string token, CancellationToken cancellation)
{
    private readonly List<string> notes = [];

    /// <summary>Gets the host.</summary>
    public ConformanceHost Host => host;

    /// <summary>Gets the host's client.</summary>
    public DurableTaskClient Client => host.Client;

    /// <summary>Gets the run's token (contained in every instance id of the run).</summary>
    public string Token => token;

    /// <summary>Gets the root instance id.</summary>
    public string RootId => token;

    /// <summary>Gets the bound of the whole run.</summary>
    public CancellationToken Cancellation => cancellation;

    /// <summary>Gets the notes the drive made (compared between the hosts too).</summary>
    public IReadOnlyList<string> Notes => this.notes;

    /// <summary>Waits until <paramref name="activity"/> has started <paramref name="count"/> times in the instance (the root by default).</summary>
    public Task WaitForExecutionAsync(string activity, string? instanceId = null, int count = 1) =>
        host.Recorder.WaitUntilAsync(instanceId ?? token, log => log.Started.Count(a => a == activity) >= count, cancellation);

    /// <summary>Waits until an execution of <paramref name="activity"/> in the instance (the root by default) has returned or thrown.</summary>
    public Task WaitForExecutionEndAsync(string activity, string? instanceId = null) =>
        host.Recorder.WaitUntilAsync(instanceId ?? token, log => log.Executions.Any(e => e.StartsWith(activity + " ", StringComparison.Ordinal)), cancellation);

    /// <summary>Waits until the instance (the root by default) has set the custom status <paramref name="json"/>.</summary>
    public Task WaitForCustomStatusAsync(string json, string? instanceId = null) =>
        host.Recorder.WaitUntilAsync(instanceId ?? token, log => log.Statuses.Contains(json), cancellation);

    /// <summary>Waits until the client sees the custom status <paramref name="json"/> on the instance (the root by default): the episode that set it is committed.</summary>
    public async Task WaitForCommittedCustomStatusAsync(string json, string? instanceId = null)
    {
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(instanceId ?? token, getInputsAndOutputs: true, cancellation);
            if (metadata?.SerializedCustomStatus == json)
            {
                return;
            }

            await Task.Delay(20, cancellation);
        }
    }

    /// <summary>Waits until the instance (the root by default) shows <paramref name="status"/> to the client.</summary>
    public async Task<OrchestrationMetadata> WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus status, string? instanceId = null)
    {
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(instanceId ?? token, getInputsAndOutputs: true, cancellation);
            if (metadata?.RuntimeStatus == status)
            {
                return metadata;
            }

            await Task.Delay(20, cancellation);
        }
    }

    /// <summary>Releases a blocked stub.</summary>
    public void Release(string gate) => host.Gates.Release(token, gate);

    /// <summary>Notes what the drive observed (e.g. the runtime status at a point), for the comparison.</summary>
    public void Note(string text) => this.notes.Add(text);

    /// <summary>
    /// Runs a client operation and notes whether the host accepted it or which exception it threw (the SDK documents, for
    /// example, that an event raised to a completed or missing instance is silently discarded).
    /// </summary>
    public async Task NoteOperationAsync(string label, Func<DurableTaskClient, CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await operation(host.Client, cancellation);
            this.Note($"{label}: accepted");
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            this.Note($"{label}: {e.GetType().Name}");
        }
    }

    /// <summary>Notes the instance's current runtime status.</summary>
    public async Task NoteRuntimeStatusAsync(string label, string? instanceId = null)
    {
        var metadata = await host.Client.GetInstanceAsync(instanceId ?? token, getInputsAndOutputs: false, cancellation);
        this.Note($"{label}: {metadata?.RuntimeStatus.ToString() ?? "not found"}");
    }
}
