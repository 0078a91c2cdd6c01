using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>What one episode produced: new history and the work to enqueue, committed together.</summary>
internal sealed class EpisodeOutput
{
    public List<HistoryRecord> NewHistory { get; } = [];

    public List<ActivityRequest> Activities { get; } = [];

    public List<HistoryRecord> Timers { get; } = [];

    public List<ChildRequest> Children { get; } = [];

    public List<EventRequest> Events { get; } = [];

    public void Clear()
    {
        this.NewHistory.Clear();
        this.Activities.Clear();
        this.Timers.Clear();
        this.Children.Clear();
        this.Events.Clear();
    }
}

/// <summary>An activity to enqueue.</summary>
internal sealed record ActivityRequest(int TaskId, string Name, byte[]? Input);

/// <summary>A sub-orchestration to create.</summary>
internal sealed record ChildRequest(int TaskId, string InstanceId, string Name, string? Version, byte[]? Input);

/// <summary>An event to send to another instance.</summary>
internal sealed record EventRequest(string InstanceId, string Name, byte[]? Payload);

/// <summary>The final state of an execution.</summary>
internal sealed record ExecutionResult(OrchestrationRuntimeStatus Status, byte[]? Output, TaskFailureDetails? Failure);
