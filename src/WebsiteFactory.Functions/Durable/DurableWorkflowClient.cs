using Dt = Microsoft.DurableTask;
using DtClient = Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Durable;

/// <summary>
/// The product's <see cref="IWorkflowClient"/> over the Durable Functions client
/// (<see cref="DtClient.DurableTaskClient"/>, from a <c>[DurableClient]</c> binding).
/// </summary>
/// <remarks>
/// Members forward to the SDK members of the same name. Two product semantics are added here because the SDK leaves
/// them to the caller: every new instance records the orchestrator version it starts on (the newest registered one
/// unless the caller names one), so replays keep running the code they started with; and
/// <see cref="ExistingInstancePolicy"/> is applied by reading the instance first (a start racing another start of the
/// same id is then decided by the task hub, which keeps one).
/// </remarks>
public sealed class DurableWorkflowClient : IWorkflowClient
{
    private readonly DtClient.DurableTaskClient inner;
    private readonly WorkflowCatalog catalog;
    private readonly DataConverter converter;

    /// <summary>Initializes a new instance of the <see cref="DurableWorkflowClient"/> class.</summary>
    /// <param name="inner">The bound Durable Functions client.</param>
    /// <param name="catalog">The registered workflows (for default versions).</param>
    /// <param name="converter">The product's data converter, used to read payloads.</param>
    public DurableWorkflowClient(DtClient.DurableTaskClient inner, WorkflowCatalog catalog, DataConverter converter)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(converter);
        this.inner = inner;
        this.catalog = catalog;
        this.converter = converter;
    }

    /// <inheritdoc/>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        options ??= new StartOrchestrationOptions();
        if (options.InstanceId is { } id && await this.inner.GetInstanceAsync(id, false, cancellation) is { } existing)
        {
            var status = DurableConversions.ToProduct(existing.RuntimeStatus);
            if (status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
            {
                return options.IfExists == ExistingInstancePolicy.ReturnExisting
                    ? id
                    : throw new OrchestrationAlreadyExistsException(id, status);
            }
        }

        var version = options.Version ?? this.catalog.GetDefaultVersion(orchestratorName);
        var start = new Dt.StartOrchestrationOptions(options.InstanceId, options.StartAt)
        {
            Version = string.IsNullOrEmpty(version) ? default(Dt.TaskVersion?) : new Dt.TaskVersion(version),
        };
        if (options.Tags is { } tags)
        {
            start = start with { Tags = tags };
        }

        return await this.inner.ScheduleNewOrchestrationInstanceAsync(FunctionNames.For(orchestratorName), input, start, cancellation);
    }

    /// <inheritdoc/>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await this.inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation) is { } metadata
            ? this.ToProduct(metadata)
            : null;

    /// <inheritdoc/>
    public async Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new DtClient.OrchestrationQuery(
            CreatedFrom: query.CreatedFrom,
            CreatedTo: query.CreatedTo,
            Statuses: query.Statuses?.Select(DurableConversions.ToDurable).ToList(),
            InstanceIdPrefix: query.InstanceIdPrefix,
            PageSize: query.PageSize,
            FetchInputsAndOutputs: query.FetchInputsAndOutputs,
            ContinuationToken: query.ContinuationToken);
        await foreach (var page in this.inner.GetAllInstancesAsync(filter).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellation))
        {
            // The task hub has no name filter; the product's query has one, applied to the page it asked for.
            var values = page.Values
                .Select(this.ToProduct)
                .Where(m => query.Name is null || string.Equals(m.Name, query.Name, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return new Page<OrchestrationMetadata>(values, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new Page<OrchestrationMetadata>([], null);
    }

    /// <inheritdoc/>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        this.inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    /// <inheritdoc/>
    /// <remarks>The task hub records no reason for a termination; the reason is the instance's output, as in Durable Functions.</remarks>
    public Task TerminateInstanceAsync(string instanceId, string? reason = null, bool recursive = false, CancellationToken cancellation = default) =>
        this.inner.TerminateInstanceAsync(instanceId, new DtClient.TerminateInstanceOptions(reason, recursive), cancellation);

    /// <inheritdoc/>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    /// <inheritdoc/>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    /// <inheritdoc/>
    public Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.inner.RewindInstanceAsync(instanceId, reason ?? "rewind requested", cancellation);

    /// <inheritdoc/>
    public Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        this.inner.RestartAsync(instanceId, restartWithNewInstanceId, cancellation);

    /// <inheritdoc/>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, bool recursive = false, CancellationToken cancellation = default)
    {
        var result = await this.inner.PurgeInstanceAsync(instanceId, new DtClient.PurgeInstanceOptions(recursive), cancellation);
        return new PurgeResult(result.PurgedInstanceCount);
    }

    /// <inheritdoc/>
    /// <remarks><see cref="PurgeInstancesFilter.CompletedBefore"/> has no task hub equivalent and is not applied.</remarks>
    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await this.inner.PurgeAllInstancesAsync(
            new DtClient.PurgeInstancesFilter(filter.CreatedFrom, filter.CreatedTo, filter.Statuses?.Select(DurableConversions.ToDurable).ToList()),
            cancellation);
        return new PurgeResult(result.PurgedInstanceCount);
    }

    /// <inheritdoc/>
    public async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.ToProduct(await this.inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation));

    /// <inheritdoc/>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.ToProduct(await this.inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        var history = await this.inner.GetOrchestrationHistoryAsync(instanceId, cancellation);
        return history.Select((e, i) => DurableConversions.ToProduct(e, i)).ToList();
    }

    // The task hub knows function names; product code gets the registered workflow name back.
    private OrchestrationMetadata ToProduct(DtClient.OrchestrationMetadata metadata)
    {
        var product = DurableConversions.ToProduct(metadata, this.converter);
        var name = this.catalog.OrchestratorNames.FirstOrDefault(n => string.Equals(FunctionNames.For(n), metadata.Name, StringComparison.OrdinalIgnoreCase));
        return name is null || name == product.Name ? product : DurableConversions.Renamed(product, name);
    }
}
