namespace WebsiteFactory.Engine.Storage;

/// <summary>An activity call leased to this worker.</summary>
internal sealed record ClaimedTask(long Id, long InstanceKey, string InstanceId, Guid ExecutionId, int TaskId, string Name, string Version, string? Input, int Attempt);
