using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// The operator's look into one CloudPanel server over SSH: service states, load and memory, disk usage, installed
/// certificates, the tail of a site's nginx log, and a fixed allow-list of actions (<see cref="ServerAction"/>). Only fixed
/// commands run; every argument is a validated value (<see cref="DomainName"/>, <see cref="SiteUser"/>,
/// <see cref="SiteLogQuery"/>) and POSIX-quoted. Failures surface as <see cref="Errors.ProviderException"/> only.
/// </summary>
public interface IServerConsole
{
    /// <summary>The configured services' states, the load averages and memory.</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The health snapshot.</returns>
    Task<ServerHealth> GetHealthAsync(HostingServer server, CancellationToken cancellationToken = default);

    /// <summary>Usage of the configured file systems (<c>/</c> and <c>/home</c> by default).</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One row per distinct mount point.</returns>
    Task<IReadOnlyList<DiskUsage>> GetDiskUsageAsync(HostingServer server, CancellationToken cancellationToken = default);

    /// <summary>Every certificate CloudPanel keeps on the server (<c>{CertificateDirectory}/*.crt</c>) with its expiry.</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One row per certificate file, by domain.</returns>
    Task<IReadOnlyList<CertificateExpiry>> GetCertificatesAsync(HostingServer server, CancellationToken cancellationToken = default);

    /// <summary>The last lines of a site's nginx access or error log, optionally only those containing a text.</summary>
    /// <param name="server">The server.</param>
    /// <param name="query">The validated site user, log kind, line count and filter.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The lines, oldest first.</returns>
    Task<SiteLogTail> TailLogAsync(HostingServer server, SiteLogQuery query, CancellationToken cancellationToken = default);

    /// <summary>Runs one allow-listed action.</summary>
    /// <param name="server">The server.</param>
    /// <param name="action">The action.</param>
    /// <param name="domain">The site, for <see cref="ServerAction.RenewCertificate"/> (required there, ignored otherwise).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What the server answered; a refused or failed action is a result, not an exception.</returns>
    Task<ServerActionResult> RunActionAsync(HostingServer server, ServerAction action, DomainName? domain, CancellationToken cancellationToken = default);
}
