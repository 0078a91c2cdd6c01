using System.Net;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Public DNS lookups used to confirm delegation and origin before TLS. Never cached by the caller.</summary>
public interface IDnsResolver
{
    /// <summary>The NS set the public DNS returns for the domain (lower case, no trailing dot); empty when none.</summary>
    Task<IReadOnlyList<string>> GetNameserversAsync(DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>The IPv4 addresses the public DNS returns for the host name; empty when none.</summary>
    Task<IReadOnlyList<IPAddress>> GetIPv4AddressesAsync(DomainName host, CancellationToken cancellationToken = default);
}
