using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Storage;

/// <summary>An instance leased for one episode, with the messages (and, on a cache miss, the history) loaded for it.</summary>
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

    public string? ParentName { get; set; }

    public DateTime DbNow { get; init; }

    public List<InboxMessage> Messages { get; } = [];

    public List<HistoryRecord>? History { get; set; }
}
