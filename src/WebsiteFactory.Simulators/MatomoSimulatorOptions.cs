namespace WebsiteFactory.Simulators;

/// <summary>Matomo simulator behaviour.</summary>
public sealed class MatomoSimulatorOptions
{
    /// <summary>Super-user token accepted in the POST body. Default <c>sim-matomo-token</c>.</summary>
    public string TokenAuth { get; set; } = "sim-matomo-token";

    /// <summary>Upper bound of simulated daily visits per site. Default 500.</summary>
    public int MaxDailyVisits { get; set; } = 500;

    /// <summary>
    /// Days of visit history a site added through the API starts with (as if the domain had been tracked elsewhere and
    /// migrated). Default 0: a new site has no visits before the day it was added, like a real new Matomo site.
    /// </summary>
    public int HistoryDays { get; set; }
}
