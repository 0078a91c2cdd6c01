using Microsoft.DurableTask.Client;
using WebsiteFactory.Engine.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// Applies the actions of an <c>OrchestratorResponse</c> to an episode's commit, as the Durable Task Framework's
/// orchestration dispatcher does: each action becomes its history event (with the task id the SDK assigned) and the
/// work it stands for (an activity row, a timer message, a child instance, an event to another instance), and a
/// completion ends the execution and tells the parent.
/// </summary>
internal static class ActionApplier
{
    /// <summary>Applies <paramref name="response"/>; <paramref name="commit"/>'s history already holds the episode's new events.</summary>
    /// <param name="c">The instance.</param>
    /// <param name="commit">The commit to fill.</param>
    /// <param name="response">The runner's response.</param>
    /// <param name="suspended">Whether the instance is suspended after the episode's new events.</param>
    /// <param name="maxPayloadBytes">The payload cap; an action above it fails the instance.</param>
    public static void Apply(ClaimedInstance c, EpisodeCommit commit, P.OrchestratorResponse response, bool suspended, int maxPayloadBytes)
    {
        DateTime at = c.Now;
        commit.CustomStatus = response.CustomStatus;
        commit.Status = suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running;
        commit.KeepsSession = true;
        if (OversizedPayload(response, maxPayloadBytes) is { } oversized)
        {
            Complete(c, commit, at, -1, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure(typeof(PayloadTooLargeException).FullName!, oversized));
            return;
        }

        foreach (P.OrchestratorAction action in response.Actions)
        {
            switch (action.OrchestratorActionTypeCase)
            {
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    ScheduleTask(commit, at, action.Id, action.ScheduleTask);
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    commit.History.Add(new P.HistoryEvent { EventId = action.Id, Timestamp = ProtoEvents.Ts(at), TimerCreated = new P.TimerCreatedEvent { FireAt = action.CreateTimer.FireAt } });
                    commit.OwnMessages.Add((commit.NewExecutionId, ProtoEvents.TimerFired(at, action.Id, action.CreateTimer.FireAt), action.CreateTimer.FireAt.ToDateTime()));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                    CreateChild(c, commit, at, action.Id, action.CreateSubOrchestration);
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                    P.SendEventAction send = action.SendEvent;
                    commit.History.Add(new P.HistoryEvent
                    {
                        EventId = action.Id,
                        Timestamp = ProtoEvents.Ts(at),
                        EventSent = new P.EventSentEvent { InstanceId = send.Instance.InstanceId, Name = send.Name, Input = send.Data },
                    });
                    commit.Events.Add(new EventRequest(send.Instance.InstanceId, ProtoEvents.EventRaised(at, send.Name, send.Data)));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.TerminateOrchestration:
                    P.TerminateOrchestrationAction terminate = action.TerminateOrchestration;
                    commit.Events.Add(new EventRequest(terminate.InstanceId, ProtoEvents.ExecutionTerminated(at, terminate.Reason, terminate.Recurse)));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    P.CompleteOrchestrationAction done = action.CompleteOrchestration;
                    if (done.OrchestrationStatus == P.OrchestrationStatus.ContinuedAsNew)
                    {
                        ContinueAsNew(c, commit, at, done);
                        return;
                    }

                    Complete(c, commit, at, action.Id, done.OrchestrationStatus, done.Result, done.FailureDetails);
                    break;
                default:
                    // Entities (SendEntityMessage) are not supported by this engine: say so instead of losing the message.
                    Complete(c, commit, at, action.Id, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure(
                        "NotSupportedException", $"The embedded engine does not support the orchestrator action '{action.OrchestratorActionTypeCase}' (durable entities)."));
                    break;
            }
        }

        commit.History.Add(ProtoEvents.OrchestratorCompleted(at));
    }

    private static void ScheduleTask(EpisodeCommit commit, DateTime at, int id, P.ScheduleTaskAction task)
    {
        var scheduled = new P.TaskScheduledEvent { Name = task.Name, Version = task.Version, Input = task.Input, ParentTraceContext = task.ParentTraceContext };
        scheduled.Tags.Add(task.Tags);
        commit.History.Add(new P.HistoryEvent { EventId = id, Timestamp = ProtoEvents.Ts(at), TaskScheduled = scheduled });
        commit.Activities.Add(new ActivityRequest(id, task.Name, task.Version ?? string.Empty, task.Input));
    }

    private static void CreateChild(ClaimedInstance c, EpisodeCommit commit, DateTime at, int id, P.CreateSubOrchestrationAction child)
    {
        // The SDK always names the child; the fallback keeps an id deterministic if another caller does not.
        string childId = string.IsNullOrEmpty(child.InstanceId) ? $"{c.InstanceId}:{id:X4}" : child.InstanceId;
        var created = new P.SubOrchestrationInstanceCreatedEvent { InstanceId = childId, Name = child.Name, Version = child.Version, Input = child.Input, ParentTraceContext = child.ParentTraceContext };
        created.Tags.Add(child.Tags);
        commit.History.Add(new P.HistoryEvent { EventId = id, Timestamp = ProtoEvents.Ts(at), SubOrchestrationInstanceCreated = created });
        var executionId = Guid.NewGuid();
        var parent = new P.ParentInstanceInfo
        {
            TaskScheduledId = id,
            Name = c.Name,
            Version = c.Version,
            OrchestrationInstance = ProtoEvents.Instance(c.InstanceId, commit.NewExecutionId),
        };
        P.HistoryEvent start = ProtoEvents.ExecutionStarted(at, childId, executionId, child.Name, child.Version, child.Input, parent, tags: child.Tags);
        commit.Children.Add(new ChildRequest(id, childId, child.Name, child.Version ?? string.Empty, child.Input, executionId, start));
    }

    /// <summary>Ends the execution: its final history event, status, output or failure, and the parent's result message.</summary>
    public static void Complete(ClaimedInstance c, EpisodeCommit commit, DateTime at, int eventId, P.OrchestrationStatus status, string? result, P.TaskFailureDetails? failure)
    {
        commit.History.Add(ProtoEvents.ExecutionCompleted(at, eventId, status, result, failure));
        commit.Status = status switch
        {
            P.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
            P.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            _ => OrchestrationRuntimeStatus.Failed,
        };
        commit.Output = result;
        commit.Failure = commit.Status == OrchestrationRuntimeStatus.Failed
            ? failure ?? ProtoEvents.Failure("OrchestrationFailed", "The orchestration failed without failure details.")
            : null;
        commit.EndsExecution = true;
        commit.KeepsSession = false;
        commit.ParentMessage = ParentMessage(c, at, commit.Status, result, commit.Failure);
    }

    private static void ContinueAsNew(ClaimedInstance c, EpisodeCommit commit, DateTime at, P.CompleteOrchestrationAction done)
    {
        // A fresh execution: the old history goes, the new one starts from an ExecutionStarted message.
        commit.NewExecutionId = Guid.NewGuid();
        commit.History = [];
        commit.FirstSeq = 0;
        commit.ReplacesHistory = true;
        commit.EndsExecution = true;
        commit.KeepsSession = false;
        commit.Status = OrchestrationRuntimeStatus.Running;
        commit.NewInput = done.Result;
        commit.SetInput = true;
        commit.Activities.Clear();
        commit.Children.Clear();
        commit.OwnMessages.RemoveAll(m => m.Message.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.TimerFired);
        string version = string.IsNullOrEmpty(done.NewVersion) ? c.Version : done.NewVersion;
        P.ParentInstanceInfo? parent = c.ParentInstanceId is null ? null : new P.ParentInstanceInfo
        {
            TaskScheduledId = c.ParentTaskId ?? -1,
            Name = c.ParentName,
            OrchestrationInstance = ProtoEvents.Instance(c.ParentInstanceId, c.ParentExecutionId ?? Guid.Empty),
        };
        commit.OwnMessages.Add((commit.NewExecutionId, ProtoEvents.ExecutionStarted(at, c.InstanceId, commit.NewExecutionId, c.Name, version, done.Result, parent), null));
        foreach (P.HistoryEvent carried in done.CarryoverEvents)
        {
            commit.OwnMessages.Add((commit.NewExecutionId, carried, null));
        }
    }

    /// <summary>The result message to the parent when a sub-orchestration ends, or <see langword="null"/> for a top-level one.</summary>
    public static P.HistoryEvent? ParentMessage(ClaimedInstance c, DateTime at, OrchestrationRuntimeStatus status, string? output, P.TaskFailureDetails? failure)
    {
        if (c.ParentKey is null || c.ParentTaskId is null)
        {
            return null;
        }

        return status == OrchestrationRuntimeStatus.Completed
            ? ProtoEvents.SubOrchestrationCompleted(at, c.ParentTaskId.Value, output)
            : ProtoEvents.SubOrchestrationFailed(at, c.ParentTaskId.Value, failure
                ?? ProtoEvents.Failure("OrchestrationTerminated", $"Sub-orchestration '{c.InstanceId}' was terminated."));
    }

    private static string? OversizedPayload(P.OrchestratorResponse response, int max)
    {
        foreach (P.OrchestratorAction action in response.Actions)
        {
            (string? payload, string what) = action.OrchestratorActionTypeCase switch
            {
                P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => (action.ScheduleTask.Input, $"the input of activity '{action.ScheduleTask.Name}'"),
                P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration => (action.CreateSubOrchestration.Input, $"the input of sub-orchestration '{action.CreateSubOrchestration.Name}'"),
                P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent => (action.SendEvent.Data, $"event '{action.SendEvent.Name}'"),
                P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration => (action.CompleteOrchestration.Result, "the orchestration's output"),
                _ => (null, string.Empty),
            };
            if (payload is not null && payload.Length > max / 4 && System.Text.Encoding.UTF8.GetByteCount(payload) > max)
            {
                return new PayloadTooLargeException(what, System.Text.Encoding.UTF8.GetByteCount(payload), max).Message;
            }
        }

        if (response.CustomStatus is { } status && System.Text.Encoding.UTF8.GetByteCount(status) > max)
        {
            return new PayloadTooLargeException("the custom status", System.Text.Encoding.UTF8.GetByteCount(status), max).Message;
        }

        return null;
    }
}
