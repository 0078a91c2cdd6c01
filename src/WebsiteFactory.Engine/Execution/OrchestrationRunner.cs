using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Caching.Memory;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// Runs one orchestration episode the way the Azure Functions isolated worker does: an <c>OrchestratorRequest</c>
/// (past and new history events) goes through <see cref="GrpcOrchestrationRunner.LoadAndRun(string, ITaskOrchestrator, ExtendedSessionsCache, IServiceProvider)"/>,
/// whose replay code is the Durable Task SDK's own, and the <c>OrchestratorResponse</c> (actions and custom status) comes back.
/// </summary>
/// <remarks>
/// With a session the runner keeps the orchestrator's replay state between episodes (its extended-sessions cache), so
/// only the new events are sent and a long sequence does not replay from the start each step. The engine decides when
/// a session is trustworthy (<see cref="Dispatch.SessionTracker"/>) and evicts it on any doubt; when the runner has lost
/// it, the response asks for the history and the episode is run again with it.
/// </remarks>
internal sealed class OrchestrationRunner : IDisposable
{
    private readonly IServiceProvider services;
    private readonly ExtendedSessionsCache? sessions;
    private readonly MemoryCache? sessionCache;
    private readonly double idleSeconds;

    public OrchestrationRunner(IServiceProvider services, TimeSpan sessionIdleTimeout, bool useSessions)
    {
        this.services = services;
        this.idleSeconds = Math.Max(1, sessionIdleTimeout.TotalSeconds);
        if (useSessions)
        {
            this.sessions = new ExtendedSessionsCache();
            this.sessionCache = this.sessions.GetOrInitializeCache(this.idleSeconds);
        }
    }

    /// <summary>Gets a value indicating whether episodes keep the orchestrator's state between episodes.</summary>
    public bool UsesSessions => this.sessions is not null;

    /// <summary>Runs an episode.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="executionId">Its current execution.</param>
    /// <param name="orchestrator">The orchestrator (ignored by the runner when it resumes a session).</param>
    /// <param name="past">The stored history, or <see langword="null"/> to resume the session.</param>
    /// <param name="newEvents">The events of this episode, starting with <c>OrchestratorStarted</c>.</param>
    /// <returns>The response, or <see langword="null"/> when the session is gone and the history must be sent.</returns>
    public P.OrchestratorResponse? Run(string instanceId, Guid executionId, ITaskOrchestrator orchestrator, IReadOnlyList<P.HistoryEvent>? past, IReadOnlyList<P.HistoryEvent> newEvents)
    {
        var request = new P.OrchestratorRequest { InstanceId = instanceId, ExecutionId = ProtoEvents.ExecutionText(executionId) };
        if (past is not null)
        {
            request.PastEvents.Add(past);
        }

        request.NewEvents.Add(newEvents);
        if (this.sessions is not null)
        {
            request.Properties.Add("IsExtendedSession", Value.ForBool(true));
            request.Properties.Add("IncludeState", Value.ForBool(past is not null));
            request.Properties.Add("ExtendedSessionIdleTimeoutInSeconds", Value.ForNumber(this.idleSeconds));
        }
        else if (past is null)
        {
            throw new InvalidOperationException("Without sessions every episode needs its history.");
        }

        string encoded = GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(request.ToByteArray()), orchestrator, this.sessions, this.services);
        P.OrchestratorResponse response = P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(encoded));
        return response.RequiresHistory ? null : response;
    }

    /// <summary>Drops the runner's session of an instance (a commit failed, the lease was lost, or the tracker evicted it).</summary>
    public void Evict(string instanceId) => this.sessionCache?.Remove(instanceId);

    public void Dispose() => this.sessions?.Dispose();
}
