namespace WebsiteFactory.Engine.Dispatch;

/// <summary>When a background loop last completed a poll; a loop that stops polling shows as stalled.</summary>
internal sealed class LoopHealth(string name, TimeProvider time)
{
    private long lastPollTicks = time.GetUtcNow().UtcTicks;

    public string Name { get; } = name;

    public DateTimeOffset LastPoll => new(Interlocked.Read(ref this.lastPollTicks), TimeSpan.Zero);

    public void Polled() => Interlocked.Exchange(ref this.lastPollTicks, time.GetUtcNow().UtcTicks);
}
