using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// A lower bound on the makespan no scheduler can beat, from the critical path of each site and the capacity of every
/// shared resource (registrar call budgets, CloudPanel sessions per server, Cloudflare request budgets).
/// </summary>
/// <remarks>
/// Every HTTP call is charged the simulator's minimum latency; CloudPanel work is charged the realised per-domain
/// durations. Per site: 6 Cloudflare calls before the registrar step, 3 registrar calls (read, set, read back), then
/// DNS propagation + the activation delay after a check, one confirming poll (2 calls), site creation, the origin check
/// (2 lookups), the certificate, and Matomo (2 calls).
/// </remarks>
internal sealed record LowerBound(TimeSpan CriticalPath, TimeSpan Registrar, TimeSpan Servers, TimeSpan Cloudflare)
{
    public TimeSpan Value => new[] { CriticalPath, Registrar, Servers, Cloudflare }.Max();

    public static LowerBound Compute(BenchmarkConfig config, SimulatorOptions sim, IReadOnlyList<Site> sites, IReadOnlyDictionary<Guid, RegistrarProvider> registrarOf)
    {
        var l = config.LatencyMin;
        var preRegistrar = 6 * l;
        var registrarCalls = 3;
        var delegation = sim.DnsPropagationDelay + sim.Cloudflare.CheckedActivationDelay + 2 * l;
        TimeSpan Hosting(Site s) => SimulatedCloudPanel.AddDuration(s.Domain.Value) + 2 * l + SimulatedCloudPanel.CertificateDuration(s.Domain.Value);
        var analytics = 2 * l;
        TimeSpan AfterRegistrar(Site s) => delegation + Hosting(s) + analytics;

        var critical = sites.Max(s => preRegistrar + registrarCalls * l + AfterRegistrar(s));

        // Namecheap: 20 calls per sliding minute per API user; the k-th call (0-based) cannot start before floor(k/20) min.
        var registrar = TimeSpan.Zero;
        foreach (var group in sites.Where(s => registrarOf[s.RegistrarAccountId!.Value] == RegistrarProvider.Namecheap).GroupBy(s => s.RegistrarAccountId))
        {
            var calls = registrarCalls * group.Count();
            var lastCallStart = TimeSpan.FromMinutes((calls - 1) / sim.Namecheap.PerMinute);
            var bound = preRegistrar + lastCallStart + l + group.Min(AfterRegistrar);
            registrar = bound > registrar ? bound : registrar;
        }

        // CloudPanel: a server runs at most `sessions` jobs at once, and no job can start before a site is delegated.
        var servers = TimeSpan.Zero;
        var ready = preRegistrar + registrarCalls * l + delegation;
        foreach (var group in sites.GroupBy(s => s.ServerId))
        {
            var work = group.Aggregate(TimeSpan.Zero, (sum, s) => sum + SimulatedCloudPanel.AddDuration(s.Domain.Value) + SimulatedCloudPanel.CertificateDuration(s.Domain.Value));
            var bound = ready + work / config.SessionsPerServer + analytics;
            servers = bound > servers ? bound : servers;
        }

        // Cloudflare: at least 8 requests per site (find, create, 2x list+create record, zone read, activation check).
        var cloudflare = TimeSpan.Zero;
        foreach (var group in sites.GroupBy(s => s.CloudflareAccountId))
        {
            var requests = 8 * group.Count();
            var bound = TimeSpan.FromTicks(sim.Cloudflare.RateWindow.Ticks * ((requests - 1) / sim.Cloudflare.RateLimit));
            cloudflare = bound > cloudflare ? bound : cloudflare;
        }

        return new LowerBound(critical, registrar, servers, cloudflare);
    }
}
