namespace WebsiteFactory.Engine.Storage;

/// <summary>An activity task leased to this worker.</summary>
internal sealed record ClaimedTask(long Id, long InstanceKey, string InstanceId, Guid ExecutionId, int TaskId, string Name, byte[]? Input, int Attempt);
