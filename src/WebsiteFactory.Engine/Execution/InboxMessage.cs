using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Execution;

/// <summary>A message read from the inbox: the event plus its row id and target execution.</summary>
/// <param name="Id">The inbox row id (FIFO order; deleted when consumed).</param>
/// <param name="ExecutionId">The execution it belongs to, or <see langword="null"/> for the current one (events, commands).</param>
/// <param name="Event">The event, as the Durable Task SDK's protobuf history event.</param>
internal sealed record InboxMessage(long Id, Guid? ExecutionId, P.HistoryEvent Event);
