namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A server's service states, load averages and memory at one moment.</summary>
/// <param name="Services">The configured services, in configuration order.</param>
/// <param name="Load1">1-minute load average.</param>
/// <param name="Load5">5-minute load average.</param>
/// <param name="Load15">15-minute load average.</param>
/// <param name="MemoryTotalBytes">Total memory (<c>MemTotal</c>).</param>
/// <param name="MemoryAvailableBytes">Memory available for new work (<c>MemAvailable</c>).</param>
/// <param name="UptimeSeconds">Seconds since boot.</param>
public sealed record ServerHealth(
    IReadOnlyList<ServiceState> Services,
    double Load1,
    double Load5,
    double Load15,
    long MemoryTotalBytes,
    long MemoryAvailableBytes,
    long UptimeSeconds);
