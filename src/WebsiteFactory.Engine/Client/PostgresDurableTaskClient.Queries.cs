using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace WebsiteFactory.Engine;

/// <summary>Reads and waits.</summary>
public sealed partial class PostgresDurableTaskClient
{
    /// <inheritdoc/>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        return await this.runtime.Store.GetAsync(instanceId, getInputsAndOutputs, this.Converter, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        OrchestrationQuery query = filter ?? new OrchestrationQuery();
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
            OrchestrationQuery page = query with { ContinuationToken = continuation ?? query.ContinuationToken, PageSize = pageSize ?? query.PageSize };
            (List<OrchestrationMetadata> items, string? next) = await this.runtime.Store.QueryAsync(page, this.Converter, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(items, next);
        });
    }

    /// <inheritdoc/>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc/>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc/>
    public override async Task<IList<CoreHistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        var events = await this.runtime.Store.GetHistoryAsync(instanceId, cancellation).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId, "read the history of");
        return events.ConvertAll(CoreHistory.Convert);
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        while (true)
        {
            // Register before reading, so a change between the read and the wait is not missed.
            Task changed = this.runtime.Signals.Instances.NextChangeAsync(instanceId);
            OrchestrationMetadata metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId, "wait for");
            if (done(metadata))
            {
                return metadata;
            }

            try
            {
                await changed.WaitAsync(this.Options.ClientPollInterval, this.runtime.Store.Time, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Another process may own the instance; poll.
            }
        }
    }
}
