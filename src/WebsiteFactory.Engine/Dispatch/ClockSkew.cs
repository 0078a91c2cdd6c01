namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// The engine reads time from its <see cref="TimeProvider"/>, not from the database, so leases written by one worker are
/// judged by another worker's clock. On the system clock a worker whose clock is far off the database's (and so, most
/// likely, off the other workers') is reported once.
/// </summary>
internal static class ClockSkew
{
    /// <summary>The skew tolerated silently: well below the default 30 s lease, well above NTP's error.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Returns how far <paramref name="databaseNow"/> lies outside the local interval [<paramref name="before"/>,
    /// <paramref name="after"/>] that bracketed the query (zero when inside it: the round trip is not skew).
    /// </summary>
    public static TimeSpan Measure(DateTimeOffset databaseNow, DateTimeOffset before, DateTimeOffset after)
        => databaseNow < before ? databaseNow - before : databaseNow > after ? databaseNow - after : TimeSpan.Zero;

    /// <summary>Tells whether a skew is worth a warning.</summary>
    public static bool IsTooLarge(TimeSpan skew) => skew.Duration() > Tolerance;
}
