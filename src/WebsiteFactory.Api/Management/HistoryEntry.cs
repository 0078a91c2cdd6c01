using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace WebsiteFactory.Api.Management;

/// <summary>
/// One history event in a flat, backend-neutral form: the Durable Task Framework's typed events
/// (<see cref="DurableTaskClient.GetOrchestrationHistoryAsync"/> returns them on every backend) with the fields the
/// management API's <c>showHistory</c> and the dashboard's history view read. Fields that do not apply are null.
/// </summary>
/// <param name="Sequence">Position in the execution's history, from 0.</param>
/// <param name="EventType">The DTFx event type (its name is what the JSON shows).</param>
/// <param name="Timestamp">When the event was recorded (UTC).</param>
public sealed record HistoryEntry(int Sequence, EventType EventType, DateTimeOffset Timestamp)
{
    /// <summary>
    /// Gets the task id: for scheduling events (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent)
    /// their event id; for results (TaskCompleted/Failed, TimerFired, SubOrchestrationInstanceCompleted/Failed) the id of
    /// the event they answer.
    /// </summary>
    public int? TaskId { get; init; }

    /// <summary>Gets the activity, orchestrator or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the target or child instance id (SubOrchestrationInstanceCreated, EventSent) or the parent id (ExecutionStarted).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the input JSON as stored.</summary>
    public string? Input { get; init; }

    /// <summary>Gets the result JSON as stored (TaskCompleted, SubOrchestrationInstanceCompleted, ExecutionCompleted).</summary>
    public string? Result { get; init; }

    /// <summary>Gets the failure (TaskFailed, SubOrchestrationInstanceFailed, a failed ExecutionCompleted).</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets when a timer fires (TimerCreated, TimerFired).</summary>
    public DateTimeOffset? FireAt { get; init; }

    /// <summary>Gets the reason of a management action (terminate, suspend, resume, rewind).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the final status recorded by ExecutionCompleted/ExecutionTerminated.</summary>
    public OrchestrationRuntimeStatus? OrchestrationStatus { get; init; }

    /// <summary>Flattens a history, oldest first.</summary>
    /// <param name="events">The events as the client returned them.</param>
    /// <returns>The entries, in the same order.</returns>
    public static IReadOnlyList<HistoryEntry> From(IEnumerable<CoreHistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events.Select(From)];
    }

    private static HistoryEntry From(CoreHistoryEvent e, int sequence)
    {
        var entry = new HistoryEntry(sequence, e.EventType, Utc(e.Timestamp));
        return e switch
        {
            ExecutionStartedEvent s => entry with { Name = s.Name, Input = s.Input, InstanceId = s.ParentInstance?.OrchestrationInstance?.InstanceId },
            ContinueAsNewEvent c => entry with { Input = c.Result },
            ExecutionCompletedEvent c => entry with { Result = c.Result, OrchestrationStatus = Status(c.OrchestrationStatus), FailureDetails = Failure(c.FailureDetails) },
            ExecutionTerminatedEvent t => entry with { Reason = t.Input, OrchestrationStatus = OrchestrationRuntimeStatus.Terminated },
            TaskScheduledEvent t => entry with { TaskId = t.EventId, Name = t.Name, Input = t.Input },
            TaskCompletedEvent t => entry with { TaskId = t.TaskScheduledId, Result = t.Result },
            TaskFailedEvent t => entry with { TaskId = t.TaskScheduledId, FailureDetails = Failure(t.FailureDetails) ?? Failure(t.Reason, t.Details) },
            SubOrchestrationInstanceCreatedEvent s => entry with { TaskId = s.EventId, Name = s.Name, InstanceId = s.InstanceId, Input = s.Input },
            SubOrchestrationInstanceCompletedEvent s => entry with { TaskId = s.TaskScheduledId, Result = s.Result },
            SubOrchestrationInstanceFailedEvent s => entry with { TaskId = s.TaskScheduledId, FailureDetails = Failure(s.FailureDetails) ?? Failure(s.Reason, s.Details) },
            TimerCreatedEvent t => entry with { TaskId = t.EventId, FireAt = Utc(t.FireAt) },
            TimerFiredEvent t => entry with { TaskId = t.TimerId, FireAt = Utc(t.FireAt) },
            EventSentEvent s => entry with { TaskId = s.EventId, Name = s.Name, InstanceId = s.InstanceId, Input = s.Input },
            EventRaisedEvent r => entry with { Name = r.Name, Input = r.Input },
            ExecutionSuspendedEvent s => entry with { Reason = s.Reason },
            ExecutionResumedEvent r => entry with { Reason = r.Reason },
            ExecutionRewoundEvent r => entry with { Reason = r.Reason },
            _ => entry,
        };
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static OrchestrationRuntimeStatus Status(OrchestrationStatus status) => (OrchestrationRuntimeStatus)(int)status;

    private static TaskFailureDetails? Failure(FailureDetails? f) =>
        f is null ? null : new TaskFailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace, Failure(f.InnerFailure), null);

    private static TaskFailureDetails? Failure(string? reason, string? details) =>
        reason is null && details is null ? null : new TaskFailureDetails("Unknown", reason ?? details ?? string.Empty, details, null, null);
}
