using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using Kind = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Turns a claimed instance and its messages into the <see cref="EpisodeCommit"/> of one episode: reconciles the
/// messages with the instance's state, runs the orchestrator through the SDK's runner, and applies the returned
/// actions. Terminate, rewind and poison are decided here without running orchestrator code.
/// </summary>
internal sealed class EpisodeRunner(
    EngineStore store, OrchestrationRunner runner, SessionTracker sessions, IDurableTaskFactory factory, IServiceProvider services, EngineOptions options,
    IReadOnlySet<string> registeredOrchestrators)
{
    public async Task<EpisodeCommit> RunAsync(ClaimedInstance c, CancellationToken ct)
    {
        var commit = new EpisodeCommit { Instance = c, NewExecutionId = c.ExecutionId, FirstSeq = c.HistoryLength, Status = c.Status };
        SessionTracker.Claim claim = EngineStore.IsTerminal(c.Status) ? SessionTracker.Claim.Miss : sessions.BeginEpisode(c.Key, c.ExecutionId, c.HistoryLength);
        if (claim == SessionTracker.Claim.Busy)
        {
            // An activity result of this instance is being fused with its next episode right now: running this episode too
            // would run the orchestrator's code live twice, and one of the two commits would be thrown away. Release the
            // lease and leave the messages; the fused completion signals when it is done.
            commit.KeepState = true;
            commit.LeftAlone = true;
            return commit;
        }

        var relevant = new List<InboxMessage>(c.Messages.Count);
        foreach (InboxMessage message in c.Messages)
        {
            // Messages of an older execution (late results after continue-as-new or rewind) are consumed and dropped.
            commit.Consumed.Add(message.Id);
            if (message.ExecutionId is null || message.ExecutionId == c.ExecutionId)
            {
                relevant.Add(message);
            }
        }

        if (EngineStore.IsTerminal(c.Status))
        {
            if (c.Status == OrchestrationRuntimeStatus.Failed && relevant.Find(m => m.Event.EventTypeCase == Kind.ExecutionRewound) is { } rewind)
            {
                await this.RewindAsync(c, commit, rewind.Event, ct).ConfigureAwait(false);
                return commit;
            }

            commit.KeepState = true;
            return commit;
        }

        if (relevant.Find(m => m.Event.EventTypeCase == Kind.ExecutionTerminated) is { } terminate)
        {
            sessions.Evict(c.Key, c.InstanceId);
            Terminate(c, commit, terminate.Event);
            return commit;
        }

        bool started = c.HistoryLength > 0;
        InboxMessage? start = relevant.Find(m => m.Event.EventTypeCase == Kind.ExecutionStarted);
        if (!started && start is null)
        {
            // A delayed start not yet due: the early messages wait for it (not re-claimed in a loop).
            commit.Consumed.RemoveAll(id => relevant.Exists(m => m.Id == id));
            commit.Deferred.AddRange(relevant.Select(m => m.Id));
            commit.KeepState = true;
            return commit;
        }

        bool suspended = c.Status == OrchestrationRuntimeStatus.Suspended;
        commit.History.Add(ProtoEvents.OrchestratorStarted(c.Now));
        if (!started)
        {
            commit.History.Add(start!.Event);
        }

        foreach (InboxMessage message in relevant)
        {
            switch (message.Event.EventTypeCase)
            {
                case Kind.ExecutionStarted or Kind.ExecutionRewound:
                    // A duplicate start, or a rewind of an instance that is not failed: dropped, as DTFx does.
                    continue;
                case Kind.ExecutionSuspended:
                    suspended = true;
                    break;
                case Kind.ExecutionResumed:
                    suspended = false;
                    break;
            }

            commit.History.Add(message.Event);
        }

        if (c.EpisodeFailures >= options.MaxEpisodeFailures)
        {
            sessions.Evict(c.Key, c.InstanceId);
            ActionApplier.Complete(c, commit, c.Now, -1, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure(
                "PoisonOrchestration", $"The engine failed to process this instance {c.EpisodeFailures} times in a row; it was failed to stop the loop."));
            return commit;
        }

        if (!factory.TryCreateOrchestrator(new TaskName(c.Name), services, out ITaskOrchestrator? orchestrator))
        {
            sessions.Evict(c.Key, c.InstanceId);
            ActionApplier.Complete(c, commit, c.Now, -1, P.OrchestrationStatus.Failed, null, this.NotFound(c.Name));
            return commit;
        }

        P.OrchestratorResponse? response = started && sessions.Enabled && claim == SessionTracker.Claim.Hit
            ? runner.Run(c.InstanceId, c.ExecutionId, orchestrator, null, commit.History)
            : null;
        if (response is null)
        {
            if (started && c.History is null)
            {
                // The session was lost after the claim (evicted, idle timeout): load the history after all.
                await store.LoadHistoryAsync([c], ct).ConfigureAwait(false);
            }

            response = runner.Run(c.InstanceId, c.ExecutionId, orchestrator, c.History ?? [], commit.History)
                ?? throw new InvalidOperationException("The orchestration runner asked for history it was given.");
        }

        ActionApplier.Apply(c, commit, response, suspended, options.MaxPayloadBytes);
        return commit;
    }

    private P.TaskFailureDetails NotFound(string name) => ProtoEvents.Failure("OrchestratorTaskNotFound", registeredOrchestrators.Contains(name)
        ? $"Orchestrator '{name}' is registered only under versions. The embedded engine, like the Azure Functions isolated worker, selects an orchestrator by name: register it without a version, and read the instance's version with context.Version."
        : $"No orchestrator named '{name}' is registered in this worker.");

    private static void Terminate(ClaimedInstance c, EpisodeCommit commit, P.HistoryEvent request)
    {
        // As DTFx: the terminate input becomes the output; no orchestrator code runs, so the stored custom status stays.
        string? output = request.ExecutionTerminated.Input;
        commit.History.Add(ProtoEvents.OrchestratorStarted(c.Now));
        commit.History.Add(request);
        commit.History.Add(ProtoEvents.ExecutionCompleted(c.Now, -1, P.OrchestrationStatus.Terminated, output, null));
        commit.Status = OrchestrationRuntimeStatus.Terminated;
        commit.Output = output;
        commit.EndsExecution = true;
        commit.PreserveCustomStatus = true;
        commit.ParentMessage = ActionApplier.ParentMessage(c, c.Now, OrchestrationRuntimeStatus.Terminated, null, null);
    }

    private async Task RewindAsync(ClaimedInstance c, EpisodeCommit commit, P.HistoryEvent request, CancellationToken ct)
    {
        sessions.Evict(c.Key, c.InstanceId);
        List<P.HistoryEvent> full = await store.LoadFullHistoryAsync(c.Key, c.ExecutionId, ct).ConfigureAwait(false);
        var newExecution = Guid.NewGuid();
        RewindPlan plan = RewindPlan.Create(full, c.InstanceId, newExecution);
        commit.NewExecutionId = newExecution;
        commit.FirstSeq = 0;
        commit.ReplacesHistory = true;
        commit.EndsExecution = true;
        commit.History.Add(ProtoEvents.OrchestratorStarted(c.Now));
        commit.History.Add(request);
        commit.History.AddRange(plan.Redelivered);
        foreach ((P.HistoryEvent timer, DateTime fireAt) in plan.Timers)
        {
            commit.OwnMessages.Add((newExecution, timer, fireAt));
        }

        string reason = request.ExecutionRewound.Reason ?? "Rewound";
        commit.Events.AddRange(plan.RewindChildren.Select(child => new EventRequest(child, ProtoEvents.ExecutionRewound(c.Now, $"Parent '{c.InstanceId}' rewound: {reason}"))));
        commit.AdoptedChildren.AddRange(plan.AdoptedChildren);
        if (!factory.TryCreateOrchestrator(new TaskName(c.Name), services, out ITaskOrchestrator? orchestrator))
        {
            ActionApplier.Complete(c, commit, c.Now, -1, P.OrchestrationStatus.Failed, null, this.NotFound(c.Name));
        }
        else
        {
            P.OrchestratorResponse response = runner.Run(c.InstanceId, newExecution, orchestrator, plan.Kept, commit.History)
                ?? throw new InvalidOperationException("The orchestration runner asked for history it was given.");
            ActionApplier.Apply(c, commit, response, suspended: false, options.MaxPayloadBytes);
        }

        commit.History = [.. plan.Kept, .. commit.History];
    }
}
