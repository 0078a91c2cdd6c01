namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>Behaviour of the Google OAuth + Site Verification + Search Console simulator.</summary>
public sealed class SearchConsoleSimulatorOptions
{
    /// <summary>How long a TXT token must have been visible before verification succeeds (DNS propagation). Default 30 s.</summary>
    public TimeSpan VerificationDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Search Analytics queries per minute per user before 429 <c>RESOURCE_EXHAUSTED</c>. Default 1200.</summary>
    public int QueriesPerMinutePerUser { get; set; } = 1200;

    /// <summary>Days after a day ends before Search Console has data for it. Default 2.</summary>
    public int DataDelayDays { get; set; } = 2;

    /// <summary>
    /// Days of search data a newly added property shows from before it was added (Google collects data for a domain whether
    /// or not anyone has verified it). Default 0.
    /// </summary>
    public int HistoryDays { get; set; }

    /// <summary>
    /// TXT lookup used by verification: returns the TXT values published at a name. Default: the records given to
    /// <see cref="SearchConsoleSimulator.PublishTxt"/>. Point it at the Cloudflare simulator's records to verify end to end.
    /// </summary>
    public Func<string, IReadOnlyList<string>>? TxtLookup { get; set; }
}
