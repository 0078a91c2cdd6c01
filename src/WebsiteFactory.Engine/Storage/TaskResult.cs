using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Storage;

/// <summary>The outcome of one activity execution, to be completed in a batch.</summary>
internal sealed record TaskResult(long TaskRowId, HistoryEventType Kind, byte[]? Payload, string? Failure)
{
    /// <summary>Gets the task it answers.</summary>
    public ClaimedTask? Task { get; init; }
}
