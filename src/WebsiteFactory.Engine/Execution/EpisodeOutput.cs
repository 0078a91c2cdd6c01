using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Execution;

/// <summary>An activity to enqueue: the task id the SDK assigned, the name, version and serialized input.</summary>
internal sealed record ActivityRequest(int TaskId, string Name, string Version, string? Input);

/// <summary>A sub-orchestration to create, with the <c>ExecutionStarted</c> event its first episode consumes.</summary>
internal sealed record ChildRequest(int TaskId, string InstanceId, string Name, string Version, string? Input, Guid ExecutionId, P.HistoryEvent Start);

/// <summary>A message to another instance by id: an event (<c>EventRaised</c>) or a command (terminate, rewind).</summary>
internal sealed record EventRequest(string InstanceId, P.HistoryEvent Message);
