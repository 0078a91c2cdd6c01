using Microsoft.DurableTask.Client;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>An instance leased for one episode, with the messages (and, on a session miss, the history) loaded for it.</summary>
internal sealed class ClaimedInstance
{
    public long Key { get; init; }

    public required string InstanceId { get; init; }

    public Guid ExecutionId { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public OrchestrationRuntimeStatus Status { get; init; }

    public int HistoryLength { get; init; }

    public int EpisodeFailures { get; init; }

    public long? ParentKey { get; init; }

    public string? ParentInstanceId { get; init; }

    public Guid? ParentExecutionId { get; init; }

    public int? ParentTaskId { get; init; }

    public string? ParentName { get; init; }

    /// <summary>Gets the episode's time (its <c>CurrentUtcDateTime</c>): the engine clock at the claim, truncated to microseconds.</summary>
    public DateTime Now { get; init; }

    public List<InboxMessage> Messages { get; } = [];

    public List<P.HistoryEvent>? History { get; set; }

    /// <summary>The same instance at another episode time (a fused episode).</summary>
    public ClaimedInstance At(DateTime now) => this.Copy(this.ExecutionId, this.HistoryLength, this.Status, now);

    /// <summary>The instance as its next episode will find it after <paramref name="commit"/>.</summary>
    public ClaimedInstance After(EpisodeCommit commit) => this.Copy(commit.NewExecutionId, commit.NewHistoryLength, commit.Status, this.Now);

    private ClaimedInstance Copy(Guid executionId, int historyLength, OrchestrationRuntimeStatus status, DateTime now) => new()
    {
        Key = this.Key,
        InstanceId = this.InstanceId,
        ExecutionId = executionId,
        Name = this.Name,
        Version = this.Version,
        Status = status,
        HistoryLength = historyLength,
        ParentKey = this.ParentKey,
        ParentInstanceId = this.ParentInstanceId,
        ParentExecutionId = this.ParentExecutionId,
        ParentTaskId = this.ParentTaskId,
        ParentName = this.ParentName,
        Now = now,
    };
}
