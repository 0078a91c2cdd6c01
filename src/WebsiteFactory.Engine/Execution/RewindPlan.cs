using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;
using Kind = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// How a failed execution is rewound: the history is cut just before the episode that received the first failure the
/// orchestration never recovered from, and the work that was still open at the cut is settled so the new execution can
/// go on from there. Replaying a prefix of a history is always valid, so the rewound code takes the same path up to
/// the cut and re-runs only what failed (and what followed it).
/// </summary>
/// <remarks>
/// <para>
/// A failure counts as recovered when a later call of the same activity or sub-orchestration with the same input
/// succeeded: that is what a retry policy or retry handler does, with its backoff timers in between. The Durable Task
/// Framework's own rewind drops only the failed calls' events, which leaves a retry's timers in a history the
/// orchestrator no longer reaches and makes replay fail; cutting before the whole failed retry chain does not.
/// </para>
/// <para>
/// Of the calls made before the cut: results that arrived after it are delivered again as new events; calls that
/// failed after it, or never finished (their queued work went when the execution failed), lose their scheduling event
/// and so are issued again; timers that had not fired are set again; failed sub-orchestrations are rewound themselves
/// and running ones are adopted by the new execution. External events that arrived after the cut are delivered again.
/// Without any failed call (the orchestrator code itself threw), the last episode is run again.
/// </para>
/// </remarks>
internal sealed class RewindPlan
{
    private RewindPlan()
    {
    }

    /// <summary>Gets the history the new execution replays (its <c>ExecutionStarted</c> carries the new execution id).</summary>
    public List<P.HistoryEvent> Kept { get; } = [];

    /// <summary>Gets results and events that arrived after the cut, delivered again in their original order.</summary>
    public List<P.HistoryEvent> Redelivered { get; } = [];

    /// <summary>Gets timers scheduled before the cut that had not fired: their fire message and time.</summary>
    public List<(P.HistoryEvent Message, DateTime FireAt)> Timers { get; } = [];

    /// <summary>Gets failed sub-orchestrations to rewind.</summary>
    public List<string> RewindChildren { get; } = [];

    /// <summary>
    /// Gets sub-orchestrations (failed and rewound, or still running) whose results go to the new execution, with the task
    /// id of the kept call that waits for them: a child retried under the same id last reported to a later attempt's id,
    /// which the rewound history no longer has.
    /// </summary>
    public List<(string InstanceId, int TaskId)> AdoptedChildren { get; } = [];

    /// <summary>Plans the rewind of <paramref name="history"/> into a new execution.</summary>
    public static RewindPlan Create(IReadOnlyList<P.HistoryEvent> history, string instanceId, Guid newExecutionId)
    {
        var plan = new RewindPlan();
        int cut = CutIndex(history);
        var scheduled = new Dictionary<int, P.HistoryEvent>();
        for (int i = 0; i < cut; i++)
        {
            if (history[i].EventTypeCase is Kind.TaskScheduled or Kind.SubOrchestrationInstanceCreated or Kind.TimerCreated)
            {
                scheduled[history[i].EventId] = history[i];
            }
        }

        // What happened to each call made before the cut: settled before it, after it, or never.
        var settledBefore = new HashSet<int>();
        var dropScheduling = new HashSet<int>();
        for (int i = 0; i < history.Count; i++)
        {
            P.HistoryEvent e = history[i];
            if (!ProtoEvents.IsResult(e) || ProtoEvents.TaskId(e) is not { } id || !scheduled.TryGetValue(id, out P.HistoryEvent? call))
            {
                if (i >= cut && e.EventTypeCase == Kind.EventRaised)
                {
                    plan.Redelivered.Add(e);
                }

                continue;
            }

            if (i < cut)
            {
                settledBefore.Add(id);
            }
            else if (e.EventTypeCase is Kind.TaskFailed)
            {
                dropScheduling.Add(id);
            }
            else if (e.EventTypeCase is Kind.SubOrchestrationInstanceFailed)
            {
                plan.RewindChildren.Add(call.SubOrchestrationInstanceCreated.InstanceId);
                plan.AdoptedChildren.Add((call.SubOrchestrationInstanceCreated.InstanceId, id));
            }
            else
            {
                plan.Redelivered.Add(e);
            }

            settledBefore.Add(id);
        }

        foreach ((int id, P.HistoryEvent call) in scheduled)
        {
            if (settledBefore.Contains(id))
            {
                continue;
            }

            switch (call.EventTypeCase)
            {
                case Kind.TaskScheduled:
                    dropScheduling.Add(id);
                    break;
                case Kind.TimerCreated:
                    Timestamp fireAt = call.TimerCreated.FireAt;
                    plan.Timers.Add((ProtoEvents.TimerFired(fireAt.ToDateTime(), id, fireAt), fireAt.ToDateTime()));
                    break;
                default:
                    plan.AdoptedChildren.Add((call.SubOrchestrationInstanceCreated.InstanceId, id));
                    break;
            }
        }

        for (int i = 0; i < cut; i++)
        {
            P.HistoryEvent e = history[i];
            if (e.EventTypeCase == Kind.TaskScheduled && dropScheduling.Contains(e.EventId))
            {
                continue;
            }

            if (e.EventTypeCase == Kind.ExecutionStarted)
            {
                e = e.Clone();
                e.ExecutionStarted.OrchestrationInstance = ProtoEvents.Instance(instanceId, newExecutionId);
            }

            plan.Kept.Add(e);
        }

        return plan;
    }

    /// <summary>The index of the <c>OrchestratorStarted</c> event that opens the episode to re-run.</summary>
    private static int CutIndex(IReadOnlyList<P.HistoryEvent> history)
    {
        var calls = new Dictionary<int, P.HistoryEvent>();
        int failureAt = -1;
        for (int i = 0; i < history.Count && failureAt < 0; i++)
        {
            P.HistoryEvent e = history[i];
            if (e.EventTypeCase is Kind.TaskScheduled or Kind.SubOrchestrationInstanceCreated)
            {
                calls[e.EventId] = e;
            }
            else if (e.EventTypeCase is Kind.TaskFailed or Kind.SubOrchestrationInstanceFailed
                && calls.TryGetValue(ProtoEvents.TaskId(e)!.Value, out P.HistoryEvent? call) && !SucceedsLater(history, i, call))
            {
                failureAt = i;
            }
        }

        if (failureAt < 0)
        {
            failureAt = history.Count - 1;
        }

        for (int i = failureAt; i >= 0; i--)
        {
            if (history[i].EventTypeCase == Kind.OrchestratorStarted)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Whether a call like <paramref name="call"/> (same kind, name and input) is scheduled after <paramref name="from"/> and succeeds.</summary>
    private static bool SucceedsLater(IReadOnlyList<P.HistoryEvent> history, int from, P.HistoryEvent call)
    {
        var retries = new HashSet<int>();
        for (int i = from + 1; i < history.Count; i++)
        {
            P.HistoryEvent e = history[i];
            if (e.EventTypeCase == call.EventTypeCase && SameCall(e, call))
            {
                retries.Add(e.EventId);
            }
            else if (e.EventTypeCase is Kind.TaskCompleted or Kind.SubOrchestrationInstanceCompleted && retries.Contains(ProtoEvents.TaskId(e)!.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameCall(P.HistoryEvent a, P.HistoryEvent b) => a.EventTypeCase == Kind.TaskScheduled
        ? a.TaskScheduled.Name == b.TaskScheduled.Name && a.TaskScheduled.Input == b.TaskScheduled.Input
        : a.SubOrchestrationInstanceCreated.Name == b.SubOrchestrationInstanceCreated.Name && a.SubOrchestrationInstanceCreated.Input == b.SubOrchestrationInstanceCreated.Input;
}
