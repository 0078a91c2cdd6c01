namespace WebsiteFactory.Engine;

/// <summary>The state of one of the engine's background loops in this process (for readiness and diagnostics).</summary>
/// <param name="Name">The loop, e.g. <c>activities</c>, <c>orchestrations-0</c>, <c>presence</c>.</param>
/// <param name="Periodic">True when the loop polls on its own, so a <paramref name="LastPoll"/> far in the past means it is stuck.</param>
/// <param name="LastPoll">When it last completed a poll or a unit of work (UTC).</param>
/// <param name="Failures">Failed polls since the process started.</param>
/// <param name="ConsecutiveFailures">Failed polls since its last success.</param>
/// <param name="FailingSince">When the current failure streak began; null when its last poll worked.</param>
/// <param name="LastError">The type (and PostgreSQL SQLSTATE) of its last error; never the message, which may hold data.</param>
public sealed record EngineLoopStatus(
    string Name, bool Periodic, DateTimeOffset LastPoll, long Failures, int ConsecutiveFailures, DateTimeOffset? FailingSince, string? LastError)
{
    /// <summary>Tells whether the loop is stalled at <paramref name="now"/>: silent (periodic loops) or failing for longer than <paramref name="threshold"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="threshold">How long a loop may be silent or failing.</param>
    /// <returns>True when stalled.</returns>
    public bool IsStalled(DateTimeOffset now, TimeSpan threshold) =>
        (this.Periodic && now - this.LastPoll > threshold) || (this.FailingSince is { } since && now - since > threshold);
}
