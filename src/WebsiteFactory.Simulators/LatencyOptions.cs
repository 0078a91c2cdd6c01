namespace WebsiteFactory.Simulators;

/// <summary>Simulated response latency: uniform in [<see cref="Minimum"/>, <see cref="Maximum"/>] on the simulator clock.</summary>
public sealed class LatencyOptions
{
    /// <summary>Lowest latency. Default 0.</summary>
    public TimeSpan Minimum { get; set; } = TimeSpan.Zero;

    /// <summary>Highest latency. Default 0.</summary>
    public TimeSpan Maximum { get; set; } = TimeSpan.Zero;
}
