namespace WebsiteFactory.Engine;

/// <summary>Counters of the engine in this process, for tests, benchmarks and health (resolve it from DI).</summary>
public sealed class EngineStatistics
{
    private long activityExecutions;
    private long episodes;

    /// <summary>Gets the number of activity executions started (including redeliveries).</summary>
    public long ActivityExecutions => Interlocked.Read(ref this.activityExecutions);

    /// <summary>Gets the number of orchestration episodes committed (including ones that only consumed messages).</summary>
    public long Episodes => Interlocked.Read(ref this.episodes);

    /// <summary>Gets how many episodes resumed an in-memory session instead of replaying history.</summary>
    public long SessionHits => this.Sessions?.Hits ?? 0;

    /// <summary>Gets how many episodes found no usable session and replayed history.</summary>
    public long SessionMisses => this.Sessions?.Misses ?? 0;

    /// <summary>Gets how many orchestrations hold an in-memory session now.</summary>
    public int SessionCount => this.Sessions?.Count ?? 0;

    /// <summary>Gets, per background loop, when it last completed a poll (UTC); readiness uses it to see a stalled loop.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastPolls => this.Loops.Keys.ToDictionary(l => l.Name, l => l.LastPoll);

    /// <summary>Gets the state of every background loop of this process's workers (empty when it runs no worker).</summary>
    public IReadOnlyList<EngineLoopStatus> LoopStatuses => [.. this.Loops.Keys.Select(l => l.Snapshot()).OrderBy(s => s.Name, StringComparer.Ordinal)];

    internal Dispatch.SessionTracker? Sessions { get; set; }

    internal System.Collections.Concurrent.ConcurrentDictionary<Dispatch.LoopHealth, byte> Loops { get; } = new();

    internal void ActivityStarted() => Interlocked.Increment(ref this.activityExecutions);

    internal void EpisodeCommitted() => Interlocked.Increment(ref this.episodes);
}
