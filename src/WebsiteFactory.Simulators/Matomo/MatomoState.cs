namespace WebsiteFactory.Simulators.Matomo;

/// <summary>Matomo simulator data: sites (id, name, URLs, creation day).</summary>
public sealed class MatomoState
{
    internal Lock Sync { get; } = new();

    internal List<SimSite> Sites { get; } = [];

    internal sealed record SimSite(int Id, string Name, IReadOnlyList<string> Urls, DateOnly Created);

    private int _failNextCalls;
    private string? _failMethod;
    private int _loseNextAddSiteAnswers;

    /// <summary>Answers the next <paramref name="count"/> API calls with HTTP 503, as an overloaded Matomo does.</summary>
    /// <param name="count">Calls to fail; 0 stops failing.</param>
    /// <param name="method">Only calls of this API method (e.g. <c>SitesManager.addSite</c>); null: any call.</param>
    public void FailNextCalls(int count, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (Sync)
        {
            _failNextCalls = count;
            _failMethod = method;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> <c>SitesManager.addSite</c> calls create the site and then answer HTTP 504, as
    /// when a proxy times out after Matomo did the work: the caller does not learn that the site exists.
    /// </summary>
    /// <param name="count">Answers to lose; 0 stops.</param>
    public void LoseNextAddSiteAnswers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (Sync)
        {
            _loseNextAddSiteAnswers = count;
        }
    }

    internal bool TakeFailure(string? method)
    {
        lock (Sync)
        {
            return (_failMethod is null || string.Equals(_failMethod, method, StringComparison.Ordinal)) && Take(ref _failNextCalls);
        }
    }

    internal bool TakeLostAddSiteAnswer() => Take(ref _loseNextAddSiteAnswers);

    private bool Take(ref int counter)
    {
        lock (Sync)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }

    /// <summary>Number of sites, optionally only those tracking a URL (exact, after trimming a trailing slash).</summary>
    public int CountSites(string? url = null)
    {
        lock (Sync)
        {
            return url is null ? Sites.Count : Sites.Count(s => s.Urls.Contains(url.TrimEnd('/'), StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>Adds a site directly (seeding); returns its id.</summary>
    public int AddSite(string name, DateOnly created, params string[] urls)
    {
        lock (Sync)
        {
            var id = Sites.Count == 0 ? 1 : Sites.Max(s => s.Id) + 1;
            Sites.Add(new SimSite(id, name, [.. urls.Select(u => u.TrimEnd('/'))], created));
            return id;
        }
    }

    /// <summary>
    /// Restores a site under a known id (a host whose database outlives the simulator, such as <c>wf-demo</c>, re-seeds
    /// what the real Matomo would still have). An existing site with that id is replaced.
    /// </summary>
    public void RestoreSite(int id, string name, DateOnly created, params string[] urls)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        lock (Sync)
        {
            Sites.RemoveAll(s => s.Id == id);
            Sites.Add(new SimSite(id, name, [.. urls.Select(u => u.TrimEnd('/'))], created));
        }
    }

    /// <summary>The deterministic simulated visits of a site on a day (what <c>VisitsSummary.get</c> reports).</summary>
    public static int SimulatedVisits(int siteId, DateOnly day, int maxDailyVisits)
    {
        // Like a real small site: a steady level of its own (20-100 % of the maximum), ±20 % day-to-day noise and quieter
        // weekends. The worst ordinary day stays above half the 7-day median, so only a real drop is an anomaly.
        var max = Math.Max(0, maxDailyVisits);
        var level = max * (0.2 + 0.8 * (Fnv(siteId, 0) % 1000) / 999.0);
        var noise = 0.8 + 0.4 * (Fnv(siteId, day.DayNumber) % 1000) / 999.0;
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.85 : 1.0;
        return Math.Min(max, (int)Math.Round(level * noise * weekend, MidpointRounding.AwayFromZero));
    }

    private static uint Fnv(int siteId, int dayNumber)
    {
        // FNV-1a over (site, day): stable across runs and processes, unlike string.GetHashCode.
        var h = 2166136261u;
        foreach (var b in BitConverter.GetBytes(siteId).Concat(BitConverter.GetBytes(dayNumber)))
        {
            h = (h ^ b) * 16777619u;
        }

        return h;
    }
}
