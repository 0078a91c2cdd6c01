namespace WebsiteFactory.Workflows;

/// <summary>What an activity knows about its invocation (mirrors <c>Microsoft.DurableTask.TaskActivityContext</c>, plus a cancellation token).</summary>
public sealed class ActivityContext
{
    /// <summary>Initializes a new instance of the <see cref="ActivityContext"/> class.</summary>
    /// <param name="name">The activity name.</param>
    /// <param name="instanceId">The orchestration instance that scheduled it.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or when the worker loses the task's lease.</param>
    public ActivityContext(string name, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        this.Name = name;
        this.InstanceId = instanceId;
        this.CancellationToken = cancellationToken;
    }

    /// <summary>Gets the activity name.</summary>
    public string Name { get; }

    /// <summary>Gets the instance id of the orchestration that scheduled the activity.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the task id of this call in the orchestration's history (stable across redeliveries; -1 when unknown).</summary>
    public int TaskId { get; init; } = -1;

    /// <summary>Gets how many times this task has been delivered, starting at 1 (redeliveries after a crash count; durable retries are new tasks).</summary>
    public int DeliveryCount { get; init; } = 1;

    /// <summary>Gets a token cancelled on shutdown or when the worker loses the task's lease.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets a stable idempotency key for this call: <c>{InstanceId}:{TaskId}</c>.</summary>
    public string IdempotencyKey => $"{this.InstanceId}:{this.TaskId}";
}
