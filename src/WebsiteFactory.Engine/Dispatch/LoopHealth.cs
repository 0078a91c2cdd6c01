using Npgsql;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// What one background loop last did: when it last completed a poll, and the failures since (readiness reads it through
/// <see cref="EngineStatistics.LoopStatuses"/>).
/// </summary>
/// <param name="name">The loop's name.</param>
/// <param name="time">The clock.</param>
/// <param name="periodic">True when the loop polls on its own at least every few seconds, so a silent loop is stalled;
/// false for loops that wait for work (results to flush, notifications), which are judged by their failures only.</param>
internal sealed class LoopHealth(string name, TimeProvider time, bool periodic = true)
{
    private readonly Lock gate = new();
    private DateTimeOffset lastPoll = time.GetUtcNow();
    private DateTimeOffset? failingSince;
    private long failures;
    private int consecutiveFailures;
    private string? lastError;

    public string Name { get; } = name;

    public DateTimeOffset LastPoll
    {
        get
        {
            lock (this.gate)
            {
                return this.lastPoll;
            }
        }
    }

    /// <summary>Records a successful poll: the failure streak, if any, is over.</summary>
    public void Polled()
    {
        lock (this.gate)
        {
            this.lastPoll = time.GetUtcNow();
            this.consecutiveFailures = 0;
            this.failingSince = null;
        }
    }

    /// <summary>Records a failed poll (the loop goes on after its backoff).</summary>
    public void Failed(Exception error)
    {
        lock (this.gate)
        {
            this.failures++;
            this.consecutiveFailures++;
            this.failingSince ??= time.GetUtcNow();
            this.lastError = error is PostgresException pg ? $"{error.GetType().Name} {pg.SqlState}" : error.GetType().Name;
        }
    }

    public EngineLoopStatus Snapshot()
    {
        lock (this.gate)
        {
            return new EngineLoopStatus(this.Name, periodic, this.lastPoll, this.failures, this.consecutiveFailures, this.failingSince, this.lastError);
        }
    }
}
