using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>The outcome of one activity call: a <c>TaskCompleted</c> or <c>TaskFailed</c> event for its orchestration.</summary>
/// <param name="TaskRowId">The <c>tasks</c> row (whoever deletes it delivers the result).</param>
/// <param name="Task">The call.</param>
/// <param name="Result">The serialized output, when it completed.</param>
/// <param name="Failure">The failure, when it failed.</param>
internal sealed record TaskResult(long TaskRowId, ClaimedTask Task, string? Result, P.TaskFailureDetails? Failure)
{
    public bool Succeeded => this.Failure is null;

    /// <summary>Builds the result event delivered to the orchestration.</summary>
    public P.HistoryEvent ToEvent(DateTime at) => this.Failure is null
        ? Execution.ProtoEvents.TaskCompleted(at, this.Task.TaskId, this.Result)
        : Execution.ProtoEvents.TaskFailed(at, this.Task.TaskId, this.Failure);
}
