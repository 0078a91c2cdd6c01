namespace WebsiteFactory.Core.Execution;

/// <summary>
/// What a durable host knows about the activity call running on this async flow and the Durable Task SDK's
/// <c>TaskActivityContext</c> does not carry: the cancellation token, the delivery count and the task id.
/// </summary>
/// <param name="InstanceId">The orchestration instance that scheduled the call.</param>
/// <param name="TaskId">The call's task id in that instance's history (stable across redeliveries; -1 when the host does not tell).</param>
/// <param name="DeliveryCount">How many times this call has been delivered, starting at 1 (redeliveries after a crash count; durable retries are new calls).</param>
/// <param name="CancellationToken">Cancelled on shutdown or when the worker loses the call's lease.</param>
public sealed record ActivityExecution(string InstanceId, int TaskId, int DeliveryCount, CancellationToken CancellationToken)
{
    /// <summary>Gets the value outside any activity call: no cancellation, first delivery, unknown task.</summary>
    public static ActivityExecution None { get; } = new(string.Empty, -1, 1, CancellationToken.None);

    /// <summary>Gets a key stable across redeliveries of this call: <c>{InstanceId}:{TaskId}</c>.</summary>
    public string IdempotencyKey => $"{this.InstanceId}:{this.TaskId}";
}
