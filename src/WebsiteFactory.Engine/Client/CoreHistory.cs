using DurableTask.Core;
using DurableTask.Core.History;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine;

/// <summary>
/// Converts stored protobuf history events to the Durable Task Framework's <see cref="HistoryEvent"/> types, which the
/// SDK's <c>DurableTaskClient.GetOrchestrationHistoryAsync</c> returns on every backend.
/// </summary>
internal static class CoreHistory
{
    public static HistoryEvent Convert(P.HistoryEvent e)
    {
        HistoryEvent converted = e.EventTypeCase switch
        {
            P.HistoryEvent.EventTypeOneofCase.ExecutionStarted => new ExecutionStartedEvent(e.EventId, e.ExecutionStarted.Input)
            {
                Name = e.ExecutionStarted.Name,
                Version = e.ExecutionStarted.Version,
                OrchestrationInstance = Instance(e.ExecutionStarted.OrchestrationInstance),
                ParentInstance = e.ExecutionStarted.ParentInstance is { } parent
                    ? new ParentInstance { Name = parent.Name, Version = parent.Version, TaskScheduleId = parent.TaskScheduledId, OrchestrationInstance = Instance(parent.OrchestrationInstance) }
                    : null,
                ScheduledStartTime = e.ExecutionStarted.ScheduledStartTimestamp?.ToDateTime(),
                Tags = e.ExecutionStarted.Tags.Count == 0 ? null : new Dictionary<string, string>(e.ExecutionStarted.Tags),
            },
            P.HistoryEvent.EventTypeOneofCase.ExecutionCompleted => new ExecutionCompletedEvent(
                e.EventId, e.ExecutionCompleted.Result, (OrchestrationStatus)e.ExecutionCompleted.OrchestrationStatus, Failure(e.ExecutionCompleted.FailureDetails)),
            P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated => new ExecutionTerminatedEvent(e.EventId, e.ExecutionTerminated.Input),
            P.HistoryEvent.EventTypeOneofCase.TaskScheduled => new TaskScheduledEvent(e.EventId, e.TaskScheduled.Name, e.TaskScheduled.Version, e.TaskScheduled.Input),
            P.HistoryEvent.EventTypeOneofCase.TaskCompleted => new TaskCompletedEvent(e.EventId, e.TaskCompleted.TaskScheduledId, e.TaskCompleted.Result),
            P.HistoryEvent.EventTypeOneofCase.TaskFailed => new TaskFailedEvent(
                e.EventId, e.TaskFailed.TaskScheduledId, e.TaskFailed.FailureDetails?.ErrorMessage, null, Failure(e.TaskFailed.FailureDetails)),
            P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent(e.EventId)
            {
                Name = e.SubOrchestrationInstanceCreated.Name,
                Version = e.SubOrchestrationInstanceCreated.Version,
                Input = e.SubOrchestrationInstanceCreated.Input,
                InstanceId = e.SubOrchestrationInstanceCreated.InstanceId,
            },
            P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent(
                e.EventId, e.SubOrchestrationInstanceCompleted.TaskScheduledId, e.SubOrchestrationInstanceCompleted.Result),
            P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent(
                e.EventId, e.SubOrchestrationInstanceFailed.TaskScheduledId, e.SubOrchestrationInstanceFailed.FailureDetails?.ErrorMessage, null,
                Failure(e.SubOrchestrationInstanceFailed.FailureDetails)),
            P.HistoryEvent.EventTypeOneofCase.TimerCreated => new TimerCreatedEvent(e.EventId, e.TimerCreated.FireAt.ToDateTime()),
            P.HistoryEvent.EventTypeOneofCase.TimerFired => new TimerFiredEvent(e.EventId, e.TimerFired.FireAt.ToDateTime()) { TimerId = e.TimerFired.TimerId },
            P.HistoryEvent.EventTypeOneofCase.OrchestratorStarted => new OrchestratorStartedEvent(e.EventId),
            P.HistoryEvent.EventTypeOneofCase.OrchestratorCompleted => new OrchestratorCompletedEvent(e.EventId),
            P.HistoryEvent.EventTypeOneofCase.EventSent => new EventSentEvent(e.EventId)
            {
                InstanceId = e.EventSent.InstanceId,
                Name = e.EventSent.Name,
                Input = e.EventSent.Input,
            },
            P.HistoryEvent.EventTypeOneofCase.EventRaised => new EventRaisedEvent(e.EventId, e.EventRaised.Input) { Name = e.EventRaised.Name },
            P.HistoryEvent.EventTypeOneofCase.ContinueAsNew => new ContinueAsNewEvent(e.EventId, e.ContinueAsNew.Input),
            P.HistoryEvent.EventTypeOneofCase.ExecutionSuspended => new ExecutionSuspendedEvent(e.EventId, e.ExecutionSuspended.Input),
            P.HistoryEvent.EventTypeOneofCase.ExecutionResumed => new ExecutionResumedEvent(e.EventId, e.ExecutionResumed.Input),
            P.HistoryEvent.EventTypeOneofCase.ExecutionRewound => new ExecutionRewoundEvent(e.EventId, e.ExecutionRewound.Reason),
            _ => new GenericEvent(e.EventId, e.EventTypeCase.ToString()),
        };
        converted.Timestamp = e.Timestamp?.ToDateTime() ?? DateTime.UnixEpoch;
        return converted;
    }

    private static OrchestrationInstance? Instance(P.OrchestrationInstance? instance)
        => instance is null ? null : new OrchestrationInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId };

    private static FailureDetails? Failure(P.TaskFailureDetails? failure) => failure is null
        ? null
        : new FailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, Failure(failure.InnerFailure), failure.IsNonRetriable);
}
