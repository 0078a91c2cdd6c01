using System.Text.Json;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Turns a claimed instance and its messages into the <see cref="EpisodeCommit"/> of one episode.</summary>
internal sealed class EpisodeRunner(ExecutorEnvironment env, EngineStore store, CursorCache cache, EngineOptions options)
{
    public async Task<EpisodeCommit> RunAsync(ClaimedInstance c, CancellationToken ct)
    {
        var commit = new EpisodeCommit { Instance = c, NewExecutionId = c.ExecutionId, FirstSeq = c.HistoryLength, Status = c.Status };
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
            InboxMessage? rewind = relevant.Find(m => m.Event.Kind == HistoryEventType.ExecutionRewound);
            if (c.Status == OrchestrationRuntimeStatus.Failed && rewind is not null)
            {
                await this.RewindAsync(c, commit, rewind.Event, ct).ConfigureAwait(false);
                return commit;
            }

            commit.KeepState = true;
            return commit;
        }

        if (relevant.Find(m => m.Event.Kind == HistoryEventType.ExecutionTerminated) is { } terminate)
        {
            Terminate(c, commit, terminate.Event);
            return commit;
        }

        bool started = c.HistoryLength > 0;
        InboxMessage? start = relevant.Find(m => m.Event.Kind == HistoryEventType.ExecutionStarted);
        if (!started && start is null)
        {
            // A delayed start not yet due: leave the early messages for the start episode.
            commit.Consumed.Clear();
            commit.KeepState = true;
            return commit;
        }

        OrchestrationExecutor executor = cache.Take(c.Key, c.ExecutionId, c.HistoryLength) ?? this.CreateExecutor(c, c.ExecutionId);
        TaskFailureDetails? replayFailure = null;
        if (executor.HistoryCount == 0 && c.HistoryLength > 0 && c.History is null)
        {
            // The cursor was evicted between the claim and now: load the history after all.
            c.History = await store.LoadFullHistoryAsync(c.Key, c.ExecutionId, ct).ConfigureAwait(false);
        }

        if (c.History is { } history && executor.HistoryCount == 0)
        {
            try
            {
                executor.Replay(history);
            }
            catch (NonDeterministicOrchestrationException e)
            {
                executor.AbortReplay();
                replayFailure = TaskFailureDetails.FromException(e);
            }
        }

        executor.BeginEpisode(c.DbNow);
        if (replayFailure is not null)
        {
            executor.Fail(replayFailure);
        }
        else if (c.EpisodeFailures >= options.MaxEpisodeFailures)
        {
            executor.Fail(new TaskFailureDetails("PoisonOrchestration", $"The engine failed to process this instance {c.EpisodeFailures} times in a row; it was failed to stop the loop."));
        }
        else
        {
            if (start is not null && !started)
            {
                executor.ApplyNew(start.Event);
            }

            foreach (InboxMessage message in relevant)
            {
                if (message != start && message.Event.Kind != HistoryEventType.ExecutionRewound)
                {
                    executor.ApplyNew(message.Event);
                }
            }

            executor.CompleteEpisode();
        }

        this.Fill(c, commit, executor);
        return commit;
    }

    private OrchestrationExecutor CreateExecutor(ClaimedInstance c, Guid executionId)
        => new(env, c.InstanceId, c.Name, c.Version, c.ParentInstanceId is null ? null : new ParentOrchestrationInstance(c.ParentName ?? string.Empty, c.ParentInstanceId), executionId);

    public void Fill(ClaimedInstance c, EpisodeCommit commit, OrchestrationExecutor executor)
    {
        EpisodeOutput output = executor.Output;
        commit.History = output.NewHistory;
        commit.CustomStatus = executor.CustomStatus;
        commit.Executor = executor;
        ExecutionResult? result = executor.Result;
        commit.Status = result?.Status ?? (executor.IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running);
        commit.Events.AddRange(output.Events);

        if (result?.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // A fresh execution: the old history goes, the new one starts from an ExecutionStarted message.
            (byte[]? input, bool preserve) = executor.ContinueAsNewRequest!.Value;
            commit.NewExecutionId = Guid.NewGuid();
            commit.History = [];
            commit.FirstSeq = 0;
            commit.ReplacesHistory = true;
            commit.EndsExecution = true;
            commit.Status = OrchestrationRuntimeStatus.Running;
            commit.NewInput = input;
            commit.SetInput = true;
            commit.Executor = null;
            commit.OwnMessages.Add((commit.NewExecutionId, new HistoryRecord(HistoryEventType.ExecutionStarted, c.DbNow) { Payload = input }, null));
            if (preserve)
            {
                foreach ((string name, byte[]? payload) in executor.UnconsumedEvents)
                {
                    commit.OwnMessages.Add((null, new HistoryRecord(HistoryEventType.EventRaised, c.DbNow) { Name = name, Payload = payload }, null));
                }
            }

            return;
        }

        commit.Activities.AddRange(output.Activities);
        foreach (HistoryRecord timer in output.Timers)
        {
            commit.OwnMessages.Add((commit.NewExecutionId, timer, timer.FireAt));
        }

        foreach (ChildRequest child in output.Children)
        {
            commit.Children.Add(child with { Version = child.Version ?? env.Catalog.GetDefaultVersion(child.Name) ?? string.Empty });
        }

        if (result is not null)
        {
            commit.Output = result.Output;
            commit.Failure = FailureJson.Serialize(result.Failure);
            commit.EndsExecution = true;
            commit.Executor = null;
            commit.ParentMessage = ParentMessage(c, result.Status, result.Output, result.Failure);
        }
    }

    private static void Terminate(ClaimedInstance c, EpisodeCommit commit, HistoryRecord request)
    {
        string reason = request.Extra ?? "Terminated";
        commit.History = [new HistoryRecord(HistoryEventType.ExecutionTerminated, c.DbNow) { Extra = reason }];
        commit.Status = OrchestrationRuntimeStatus.Terminated;
        commit.Output = JsonSerializer.SerializeToUtf8Bytes(reason, EngineJsonContext.Default.String);
        commit.EndsExecution = true;
        commit.KeepState = false;
        commit.ParentMessage = ParentMessage(c, OrchestrationRuntimeStatus.Terminated, null, null);

        // No code ran, so the custom status is not in memory: the stored one is kept.
        commit.PreserveCustomStatus = true;
    }

    private static HistoryRecord? ParentMessage(ClaimedInstance c, OrchestrationRuntimeStatus status, byte[]? output, TaskFailureDetails? failure)
    {
        if (c.ParentKey is null || c.ParentTaskId is null)
        {
            return null;
        }

        if (status == OrchestrationRuntimeStatus.Completed)
        {
            return new HistoryRecord(HistoryEventType.SubOrchestrationInstanceCompleted, c.DbNow) { TaskId = c.ParentTaskId.Value, Name = c.Name, Payload = output };
        }

        failure ??= new TaskFailureDetails("OrchestrationTerminated", $"Sub-orchestration '{c.InstanceId}' was terminated.");
        return new HistoryRecord(HistoryEventType.SubOrchestrationInstanceFailed, c.DbNow) { TaskId = c.ParentTaskId.Value, Name = c.Name, Failure = FailureJson.Serialize(failure) };
    }

    private async Task RewindAsync(ClaimedInstance c, EpisodeCommit commit, HistoryRecord request, CancellationToken ct)
    {
        List<HistoryRecord> full = await store.LoadFullHistoryAsync(c.Key, c.ExecutionId, ct).ConfigureAwait(false);
        (List<HistoryRecord> rewritten, List<string> children) = HistoryRewriter.Rewrite(full);
        var newExecution = Guid.NewGuid();
        OrchestrationExecutor executor = this.CreateExecutor(c, newExecution);
        TaskFailureDetails? replayFailure = null;
        try
        {
            executor.Replay(rewritten);
        }
        catch (NonDeterministicOrchestrationException e)
        {
            executor.AbortReplay();
            replayFailure = TaskFailureDetails.FromException(e);
        }

        commit.NewExecutionId = newExecution;
        executor.BeginEpisode(c.DbNow, new HistoryRecord(HistoryEventType.ExecutionRewound, c.DbNow) { Extra = request.Extra ?? "Rewound" });
        if (replayFailure is not null)
        {
            executor.Fail(replayFailure);
        }
        else
        {
            executor.CompleteEpisode();
        }

        this.Fill(c, commit, executor);
        commit.History = [.. rewritten, .. commit.History];
        commit.FirstSeq = 0;
        commit.ReplacesHistory = true;
        commit.EndsExecution = true;
        commit.RewindChildren.AddRange(children);
    }
}
