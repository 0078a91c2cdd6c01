using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Store of CloudPanel servers (<see cref="HostingServer"/>).</summary>
public interface IHostingServerRepository : IEntityRepository<HostingServer>
{
    /// <summary>Reads by <see cref="HostingServer.Name"/>; null when absent.</summary>
    Task<HostingServer?> GetByNameAsync(string name, CancellationToken cancellationToken = default);
}
