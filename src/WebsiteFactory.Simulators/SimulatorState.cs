using WebsiteFactory.Simulators.Cloudflare;
using WebsiteFactory.Simulators.Matomo;
using WebsiteFactory.Simulators.Namecheap;
using WebsiteFactory.Simulators.Spaceship;

namespace WebsiteFactory.Simulators;

/// <summary>Everything the simulators know, for seeding and for inspection by tests and benchmarks.</summary>
public sealed class SimulatorState
{
    internal SimulatorState(SimulatorOptions options, TimeProvider clock)
    {
        Options = options;
        Clock = clock;
        Cloudflare = new CloudflareState(options.Cloudflare, Delegations, clock);
    }

    /// <summary>The options the host runs with (mutable: tests may change failure rates between phases).</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The simulator clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Registry delegations written by the registrar simulators.</summary>
    public Delegations Delegations { get; } = new();

    /// <summary>Cloudflare data and counters.</summary>
    public CloudflareState Cloudflare { get; }

    /// <summary>Namecheap data and counters.</summary>
    public NamecheapState Namecheap { get; } = new();

    /// <summary>Spaceship data and counters.</summary>
    public SpaceshipState Spaceship { get; } = new();

    /// <summary>Every request the simulators received (method, path and the vendor operation it names).</summary>
    public Shared.RequestLog Requests { get; } = new();

    /// <summary>Matomo data.</summary>
    public MatomoState Matomo { get; } = new();
}
