namespace WebsiteFactory.Simulators;

/// <summary>Namecheap simulator behaviour.</summary>
public sealed class NamecheapSimulatorOptions
{
    /// <summary>Calls per minute per ApiUser before HTTP 405. Default 20.</summary>
    public int PerMinute { get; set; } = 20;

    /// <summary>Calls per hour per ApiUser before HTTP 405. Default 700.</summary>
    public int PerHour { get; set; } = 700;
}
