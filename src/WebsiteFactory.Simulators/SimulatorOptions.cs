namespace WebsiteFactory.Simulators;

/// <summary>Settings of the whole simulator host. Every value has a realistic default.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Seed of the random source behind latency and failure injection (deterministic runs). Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Clock speed factor (1 = real time). Ignored when a <see cref="TimeProvider"/> is passed to the host.</summary>
    public double ClockSpeed { get; set; } = 1.0;

    /// <summary>Latency for every vendor.</summary>
    public LatencyOptions Latency { get; set; } = new();

    /// <summary>Failure injection for every vendor.</summary>
    public FailureInjectionOptions Failures { get; set; } = new();

    /// <summary>Cloudflare behaviour.</summary>
    public CloudflareSimulatorOptions Cloudflare { get; set; } = new();

    /// <summary>Namecheap behaviour.</summary>
    public NamecheapSimulatorOptions Namecheap { get; set; } = new();

    /// <summary>Spaceship behaviour.</summary>
    public SpaceshipSimulatorOptions Spaceship { get; set; } = new();

    /// <summary>Matomo behaviour.</summary>
    public MatomoSimulatorOptions Matomo { get; set; } = new();

    /// <summary>Chat completions simulator (429 and malformed-output injection).</summary>
    public Content.ChatSimulatorOptions Chat { get; set; } = new();

    /// <summary>Google simulator (verification delay, Search Console quota and data delay).</summary>
    public SearchConsole.SearchConsoleSimulatorOptions Google { get; set; } = new();

    /// <summary>
    /// How long after a registrar change the public DNS (the simulated resolver) shows the new NS set. Default 2 minutes.
    /// </summary>
    public TimeSpan DnsPropagationDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When true, the registrars treat any domain a known user asks about as registered to that user (demo mode).
    /// Default true. Domains in <see cref="SimulatorState"/>'s foreign list still fail.
    /// </summary>
    public bool AutoRegisterDomains { get; set; } = true;
}
