namespace WebsiteFactory.Workflows;

/// <summary>One recorded history event, for diagnosis (the dashboard's history view and the management API's <c>showHistory</c>).</summary>
/// <remarks>Payloads are raw JSON text exactly as stored. Fields that do not apply to an event kind are <see langword="null"/>.</remarks>
public sealed record HistoryEvent
{
    /// <summary>Gets the position of the event in the execution's history, from 0.</summary>
    public required int Sequence { get; init; }

    /// <summary>Gets the event kind.</summary>
    public required HistoryEventType EventType { get; init; }

    /// <summary>Gets when the event was recorded (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the execution id the event belongs to.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>
    /// Gets the task id: for scheduling events (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent)
    /// the id the orchestrator assigned; for results (TaskCompleted/Failed, TimerFired, SubOrchestrationInstanceCompleted/Failed)
    /// the id of the event they answer (DTFx's <c>TaskScheduledId</c>/<c>TimerId</c>).
    /// </summary>
    public int? TaskId { get; init; }

    /// <summary>Gets the activity, orchestrator or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the version (ExecutionStarted, SubOrchestrationInstanceCreated).</summary>
    public string? Version { get; init; }

    /// <summary>Gets the target or child instance id (SubOrchestrationInstanceCreated, EventSent) or the parent id (ExecutionStarted).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the input JSON (ExecutionStarted, TaskScheduled, SubOrchestrationInstanceCreated, EventRaised, EventSent, ContinueAsNew).</summary>
    public string? Input { get; init; }

    /// <summary>Gets the result JSON (TaskCompleted, SubOrchestrationInstanceCompleted, ExecutionCompleted).</summary>
    public string? Result { get; init; }

    /// <summary>Gets the failure (TaskFailed, SubOrchestrationInstanceFailed, failed ExecutionCompleted).</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets when a timer fires (TimerCreated, TimerFired).</summary>
    public DateTimeOffset? FireAt { get; init; }

    /// <summary>Gets the reason of a management action (terminate, suspend, resume, rewind, restart).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the final status recorded by ExecutionCompleted/ExecutionTerminated.</summary>
    public OrchestrationRuntimeStatus? OrchestrationStatus { get; init; }
}
