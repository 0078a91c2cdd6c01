namespace WebsiteFactory.Simulators;

/// <summary>Matomo simulator behaviour.</summary>
public sealed class MatomoSimulatorOptions
{
    /// <summary>Super-user token accepted in the POST body. Default <c>sim-matomo-token</c>.</summary>
    public string TokenAuth { get; set; } = "sim-matomo-token";

    /// <summary>Upper bound of simulated daily visits per site. Default 500.</summary>
    public int MaxDailyVisits { get; set; } = 500;
}
