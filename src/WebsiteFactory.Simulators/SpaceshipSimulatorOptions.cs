namespace WebsiteFactory.Simulators;

/// <summary>Spaceship simulator behaviour (limits are per endpoint, per API key and domain).</summary>
public sealed class SpaceshipSimulatorOptions
{
    /// <summary>Calls per window per key, endpoint and domain. Default 5 (reported, unverified).</summary>
    public int PerDomainLimit { get; set; } = 5;

    /// <summary>Window of <see cref="PerDomainLimit"/>. Default 300 seconds.</summary>
    public TimeSpan PerDomainWindow { get; set; } = TimeSpan.FromSeconds(300);
}
