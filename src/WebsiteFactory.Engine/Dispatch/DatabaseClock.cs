namespace WebsiteFactory.Engine.Dispatch;

/// <summary>The offset between the database clock and this machine's, refreshed from every claim's <c>now()</c>.</summary>
internal sealed class DatabaseClock
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref this.offsetTicks));

    public void Observe(DateTime databaseNow) => Interlocked.Exchange(ref this.offsetTicks, (databaseNow - DateTime.UtcNow).Ticks);
}
