namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Waits of the engine's background loops: polling intervals and the backoff after a failure.</summary>
internal static class LoopDelay
{
    /// <summary>
    /// The longest wait after a failure. A short cap keeps recovery after a database outage within about 2 s of its end;
    /// a failed attempt while the database is down costs one refused connection.
    /// </summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    /// <summary>The next wait of a loop that failed again: doubles, up to <see cref="MaxBackoff"/>.</summary>
    internal static TimeSpan NextBackoff(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));

    /// <summary>
    /// Waits on the real clock (the backoff after a failure: a database outage lasts real time, whatever clock the engine
    /// runs on); stopping ends the wait early without throwing.
    /// </summary>
    internal static Task Delay(TimeSpan delay, CancellationToken ct) => Delay(delay, TimeProvider.System, ct);

    /// <summary>Waits on <paramref name="time"/> (polls, lease renewals, scans: the engine's clock); stopping ends the wait early without throwing.</summary>
    internal static async Task Delay(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
