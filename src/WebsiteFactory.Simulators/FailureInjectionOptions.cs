namespace WebsiteFactory.Simulators;

/// <summary>Random failures injected before a request is handled (rates are probabilities in [0, 1]).</summary>
public sealed class FailureInjectionOptions
{
    /// <summary>Probability of answering 503 (vendor-shaped body). Default 0.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Probability of hanging for <see cref="TimeoutHang"/> and then answering 504. Default 0.</summary>
    public double TimeoutRate { get; set; }

    /// <summary>Probability of aborting the connection without a response. Default 0.</summary>
    public double ConnectionResetRate { get; set; }

    /// <summary>When set (e.g. <c>POST</c>), only requests with this HTTP method get faults. Default null (all).</summary>
    public string? OnlyMethod { get; set; }

    /// <summary>How long a "timeout" hangs, on the simulator clock. Default 100 s (longer than any sane client timeout).</summary>
    public TimeSpan TimeoutHang { get; set; } = TimeSpan.FromSeconds(100);
}
