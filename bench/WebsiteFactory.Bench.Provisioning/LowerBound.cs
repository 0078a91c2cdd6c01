using WebsiteFactory.Simulators;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// A lower bound on the makespan (simulated time) that no scheduler can beat: the critical path of one site, and the
/// capacity of every shared resource — each Namecheap API user's call budget (20 per sliding minute, 700 per hour), each
/// Cloudflare account's request budget (1200 per 5 minutes), the SSH sessions of each server, and the build capacity.
/// </summary>
/// <remarks>
/// <para>Vendor-imposed delays come from the simulator options; every HTTP call is charged the simulator's minimum latency.
/// Per site: 6 Cloudflare calls before the registrar step, 3 registrar calls (read, set, read back), DNS propagation plus
/// the activation delay after a check and one confirming poll (2 calls), then hosting (two SSH sessions: site and
/// certificate, each at least the shortest session measured), analytics (2 calls) and, when publishing, one site's build
/// alone (calibrated) and the Search Console verification delay. Content generation, deploys and polling intervals are
/// left out, which keeps it a lower bound.</para>
/// <para>The SSH and build terms are work divided by capacity: the CloudPanel session time the adapters measured, summed per
/// server and divided by its sessions; the sites divided by the build throughput calibrated in the same run.</para>
/// </remarks>
internal sealed record LowerBound(TimeSpan CriticalPath, TimeSpan Registrar, TimeSpan Cloudflare, TimeSpan Servers, TimeSpan Builds)
{
    public const int RegistrarCallsPerSite = 3;
    public const int CloudflareCallsPerSite = 8;

    public TimeSpan Value => new[] { CriticalPath, Registrar, Cloudflare, Servers, Builds }.Max();

    public string Binding => Value == Registrar ? "Namecheap budget" : Value == Cloudflare ? "Cloudflare budgets" : Value == Servers ? "SSH sessions" : Value == Builds ? "build capacity" : "critical path";

    /// <param name="config">The run's parameters.</param>
    /// <param name="sim">The simulators' delays and limits.</param>
    /// <param name="sites">The fleet.</param>
    /// <param name="serverSessionTime">Measured CloudPanel session time per server (simulated).</param>
    /// <param name="shortestSession">The shortest CloudPanel session measured (simulated).</param>
    /// <param name="buildSitesPerSimulatedSecond">Calibrated build throughput; 0 when not publishing.</param>
    /// <param name="singleBuild">One site's build alone (simulated); zero when not publishing.</param>
    public static LowerBound Compute(BenchmarkConfig config, SimulatorOptions sim, IReadOnlyList<FleetSite> sites, IReadOnlyList<TimeSpan> serverSessionTime, TimeSpan shortestSession, double buildSitesPerSimulatedSecond, TimeSpan singleBuild)
    {
        var l = sim.Latency.Minimum;
        var preRegistrar = 6 * l;
        var delegation = sim.DnsPropagationDelay + sim.Cloudflare.CheckedActivationDelay + 2 * l;
        var afterRegistrar = delegation + 2 * shortestSession + 2 * l + (config.Publish ? singleBuild + sim.Google.VerificationDelay : TimeSpan.Zero);
        var critical = preRegistrar + RegistrarCallsPerSite * l + afterRegistrar;

        // Namecheap: the k-th call (0-based) of one API user cannot start before floor(k/perMinute) minutes nor floor(k/perHour) hours.
        var namecheap = sites.Count(s => s.Registrar == "namecheap");
        var registrar = TimeSpan.Zero;
        if (namecheap > 0)
        {
            var k = RegistrarCallsPerSite * namecheap - 1;
            var byMinute = TimeSpan.FromMinutes(k / sim.Namecheap.PerMinute);
            var byHour = TimeSpan.FromHours(k / sim.Namecheap.PerHour);
            registrar = preRegistrar + (byMinute > byHour ? byMinute : byHour) + l + afterRegistrar;
        }

        var cloudflare = TimeSpan.Zero;
        foreach (var group in sites.GroupBy(s => s.CloudflareAccount))
        {
            var requests = CloudflareCallsPerSite * group.Count();
            var bound = TimeSpan.FromTicks(sim.Cloudflare.RateWindow.Ticks * ((requests - 1) / sim.Cloudflare.RateLimit));
            cloudflare = bound > cloudflare ? bound : cloudflare;
        }

        var servers = serverSessionTime.Count == 0 ? TimeSpan.Zero : serverSessionTime.Max() / config.SessionsPerServer;
        var builds = buildSitesPerSimulatedSecond > 0 ? TimeSpan.FromSeconds(sites.Count / buildSitesPerSimulatedSecond) : TimeSpan.Zero;
        return new LowerBound(critical, registrar, cloudflare, servers, builds);
    }
}
