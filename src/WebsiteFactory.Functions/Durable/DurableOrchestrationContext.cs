using Microsoft.Extensions.Logging;
using Dt = Microsoft.DurableTask;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Durable;

/// <summary>
/// The product's <see cref="IOrchestrationContext"/> over Durable Functions' <see cref="Dt.TaskOrchestrationContext"/>:
/// the one adapter that lets the orchestrators in <c>WebsiteFactory.Workflows</c> run unchanged on Azure.
/// </summary>
/// <remarks>
/// Every member forwards to the SDK member of the same name. Workflow names become function names
/// (<see cref="FunctionNames"/>) on the way into the SDK. The only other translations are of value types that exist on
/// both sides (task options, retry policies and contexts, failure details) and of <see cref="Dt.TaskFailedException"/>
/// into the product's <see cref="TaskFailedException"/>, which orchestrator code catches. The awaits stay on the
/// orchestration's scheduler (no <c>ConfigureAwait(false)</c>), as replay requires. Convenience overloads (timeouts on
/// external events, timers by delay) are the interface's default implementations over these members, exactly as the
/// SDK composes them.
/// </remarks>
public sealed class DurableOrchestrationContext : IOrchestrationContext
{
    private readonly Dt.TaskOrchestrationContext inner;
    private readonly WorkflowCatalog catalog;

    /// <summary>Initializes a new instance of the <see cref="DurableOrchestrationContext"/> class.</summary>
    /// <param name="inner">The context the Durable Functions orchestration trigger supplies.</param>
    /// <param name="name">The orchestrator's registered (product) name; the SDK only knows its function name.</param>
    /// <param name="catalog">The registered workflows (for activity function names).</param>
    public DurableOrchestrationContext(Dt.TaskOrchestrationContext inner, string name, WorkflowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(catalog);
        this.inner = inner;
        this.Name = name;
        this.catalog = catalog;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string InstanceId => this.inner.InstanceId;

    /// <inheritdoc/>
    public ParentOrchestrationInstance? Parent =>
        this.inner.Parent is { } parent ? new ParentOrchestrationInstance(parent.Name.Name, parent.InstanceId) : null;

    /// <inheritdoc/>
    public string Version => this.inner.Version;

    /// <inheritdoc/>
    public DateTime CurrentUtcDateTime => this.inner.CurrentUtcDateTime;

    /// <inheritdoc/>
    public bool IsReplaying => this.inner.IsReplaying;

    /// <inheritdoc/>
    public T? GetInput<T>() => this.inner.GetInput<T>();

    /// <inheritdoc/>
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        try
        {
            return await this.inner.CallActivityAsync<TResult>(FunctionNames.ForActivity(name, this.catalog), input, this.ToDurable(options));
        }
        catch (Dt.TaskFailedException failure)
        {
            throw DurableConversions.ToProduct(failure);
        }
    }

    /// <inheritdoc/>
    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        try
        {
            return await this.inner.CallSubOrchestratorAsync<TResult>(FunctionNames.For(orchestratorName), input, this.ToDurable(options));
        }
        catch (Dt.TaskFailedException failure)
        {
            throw DurableConversions.ToProduct(failure);
        }
    }

    /// <inheritdoc/>
    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => this.inner.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc/>
    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        this.inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    /// <inheritdoc/>
    public void SendEvent(string instanceId, string eventName, object? payload) =>
        this.inner.SendEvent(instanceId, eventName, payload!);

    /// <inheritdoc/>
    public void SetCustomStatus(object? customStatus) => this.inner.SetCustomStatus(customStatus);

    /// <inheritdoc/>
    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        this.inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    /// <inheritdoc/>
    public Guid NewGuid() => this.inner.NewGuid();

    /// <inheritdoc/>
    public ILogger CreateReplaySafeLogger(string categoryName) => this.inner.CreateReplaySafeLogger(categoryName);

    /// <summary>Maps task options; a retry handler sees this adapter as its orchestration context.</summary>
    private Dt.TaskOptions? ToDurable(TaskOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        Dt.TaskRetryOptions? retry = null;
        if (options.Retry?.Policy is { } policy)
        {
            retry = new Dt.TaskRetryOptions(DurableConversions.ToDurable(policy));
        }
        else if (options.Retry?.Handler is { } handler)
        {
            retry = new Dt.TaskRetryOptions(new Dt.AsyncRetryHandler(context => handler(new RetryContext(
                this,
                context.LastAttemptNumber,
                DurableConversions.ToProduct(context.LastFailure),
                context.TotalRetryTime,
                context.CancellationToken))));
        }

        if (options is SubOrchestrationOptions sub)
        {
            return new Dt.SubOrchestrationOptions(retry, sub.InstanceId)
            {
                Tags = sub.Tags,
                Version = sub.Version is { } version ? new Dt.TaskVersion(version) : default(Dt.TaskVersion?),
            };
        }

        return new Dt.TaskOptions(retry, options.Tags);
    }
}
