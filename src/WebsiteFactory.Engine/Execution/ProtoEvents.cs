using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// Builds and reads the Durable Task SDK's protobuf history events, the engine's only event format: history rows,
/// inbox messages and the <c>OrchestratorRequest</c> handed to the SDK's runner all hold these.
/// </summary>
internal static class ProtoEvents
{
    /// <summary>Truncates a time to the microseconds PostgreSQL stores, so a time read back equals the one written.</summary>
    public static DateTime ToStored(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    public static Timestamp Ts(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTime Time(P.HistoryEvent e) => e.Timestamp?.ToDateTime() ?? DateTime.UnixEpoch;

    /// <summary>The event kind as stored in the <c>kind</c> column (the protobuf <c>eventType</c> field number).</summary>
    public static short Kind(P.HistoryEvent e) => (short)e.EventTypeCase;

    /// <summary>
    /// The task id an event is about: the event id of a scheduling event (task, timer, child, event sent), the scheduled
    /// id of a result (task, child, timer fired); <see langword="null"/> for the others.
    /// </summary>
    public static int? TaskId(P.HistoryEvent e) => e.EventTypeCase switch
    {
        P.HistoryEvent.EventTypeOneofCase.TaskScheduled or P.HistoryEvent.EventTypeOneofCase.TimerCreated
            or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated or P.HistoryEvent.EventTypeOneofCase.EventSent => e.EventId,
        P.HistoryEvent.EventTypeOneofCase.TaskCompleted => e.TaskCompleted.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.TaskFailed => e.TaskFailed.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted => e.SubOrchestrationInstanceCompleted.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed => e.SubOrchestrationInstanceFailed.TaskScheduledId,
        P.HistoryEvent.EventTypeOneofCase.TimerFired => e.TimerFired.TimerId,
        _ => null,
    };

    /// <summary>Whether the event is the result of earlier work (a completion the orchestrator waits for).</summary>
    public static bool IsResult(P.HistoryEvent e) => e.EventTypeCase is P.HistoryEvent.EventTypeOneofCase.TaskCompleted
        or P.HistoryEvent.EventTypeOneofCase.TaskFailed or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted
        or P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed or P.HistoryEvent.EventTypeOneofCase.TimerFired;

    public static P.HistoryEvent OrchestratorStarted(DateTime at) => new() { EventId = -1, Timestamp = Ts(at), OrchestratorStarted = new() };

    public static P.HistoryEvent OrchestratorCompleted(DateTime at) => new() { EventId = -1, Timestamp = Ts(at), OrchestratorCompleted = new() };

    public static P.HistoryEvent ExecutionStarted(
        DateTime at, string instanceId, Guid executionId, string name, string? version, string? input, P.ParentInstanceInfo? parent = null,
        DateTime? scheduledStart = null, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        var started = new P.ExecutionStartedEvent
        {
            Name = name,
            Version = version ?? string.Empty,
            Input = input,
            OrchestrationInstance = Instance(instanceId, executionId),
            ParentInstance = parent,
            ScheduledStartTimestamp = scheduledStart is { } s ? Ts(s) : null,
        };
        if (tags is not null)
        {
            started.Tags.Add(tags.ToDictionary(t => t.Key, t => t.Value));
        }

        return new P.HistoryEvent { EventId = -1, Timestamp = Ts(at), ExecutionStarted = started };
    }

    public static P.OrchestrationInstance Instance(string instanceId, Guid executionId)
        => new() { InstanceId = instanceId, ExecutionId = ExecutionText(executionId) };

    /// <summary>The execution id as the SDK writes it (32 hex digits).</summary>
    public static string ExecutionText(Guid executionId) => executionId.ToString("N");

    public static P.HistoryEvent TaskCompleted(DateTime at, int taskId, string? result)
        => new() { EventId = -1, Timestamp = Ts(at), TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskId, Result = result } };

    public static P.HistoryEvent TaskFailed(DateTime at, int taskId, P.TaskFailureDetails failure)
        => new() { EventId = -1, Timestamp = Ts(at), TaskFailed = new P.TaskFailedEvent { TaskScheduledId = taskId, FailureDetails = failure } };

    public static P.HistoryEvent TimerFired(DateTime at, int timerId, Timestamp fireAt)
        => new() { EventId = -1, Timestamp = Ts(at), TimerFired = new P.TimerFiredEvent { TimerId = timerId, FireAt = fireAt } };

    public static P.HistoryEvent SubOrchestrationCompleted(DateTime at, int taskId, string? result)
        => new() { EventId = -1, Timestamp = Ts(at), SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent { TaskScheduledId = taskId, Result = result } };

    public static P.HistoryEvent SubOrchestrationFailed(DateTime at, int taskId, P.TaskFailureDetails failure)
        => new() { EventId = -1, Timestamp = Ts(at), SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent { TaskScheduledId = taskId, FailureDetails = failure } };

    public static P.HistoryEvent EventRaised(DateTime at, string name, string? input)
        => new() { EventId = -1, Timestamp = Ts(at), EventRaised = new P.EventRaisedEvent { Name = name, Input = input } };

    public static P.HistoryEvent ExecutionCompleted(DateTime at, int eventId, P.OrchestrationStatus status, string? result, P.TaskFailureDetails? failure)
        => new() { EventId = eventId, Timestamp = Ts(at), ExecutionCompleted = new P.ExecutionCompletedEvent { OrchestrationStatus = status, Result = result, FailureDetails = failure } };

    public static P.HistoryEvent ExecutionTerminated(DateTime at, string? reason, bool recurse)
        => new() { EventId = -1, Timestamp = Ts(at), ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = reason, Recurse = recurse } };

    public static P.HistoryEvent ExecutionSuspended(DateTime at, string? reason)
        => new() { EventId = -1, Timestamp = Ts(at), ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = reason } };

    public static P.HistoryEvent ExecutionResumed(DateTime at, string? reason)
        => new() { EventId = -1, Timestamp = Ts(at), ExecutionResumed = new P.ExecutionResumedEvent { Input = reason } };

    public static P.HistoryEvent ExecutionRewound(DateTime at, string? reason)
        => new() { EventId = -1, Timestamp = Ts(at), ExecutionRewound = new P.ExecutionRewoundEvent { Reason = reason } };

    /// <summary>A failure that is the engine's own (not an exception thrown by user code).</summary>
    public static P.TaskFailureDetails Failure(string errorType, string message) => new() { ErrorType = errorType, ErrorMessage = message };

    /// <summary>A failure from an exception, as DTFx records it: the exception's full type name, message, stack and inner failure.</summary>
    public static P.TaskFailureDetails Failure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new P.TaskFailureDetails
        {
            ErrorType = exception.GetType().FullName ?? exception.GetType().Name,
            ErrorMessage = exception.Message,
            StackTrace = exception.StackTrace,
            InnerFailure = exception.InnerException is { } inner ? Failure(inner) : null,
        };
    }

    /// <summary>Converts a protobuf failure to the SDK's <see cref="TaskFailureDetails"/>.</summary>
    public static TaskFailureDetails? ToSdk(P.TaskFailureDetails? failure) => failure is null
        ? null
        : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToSdk(failure.InnerFailure), null);
}
