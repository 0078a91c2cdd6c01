namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// Resolves the account and server ids stored on a site into what the adapters need (secret names, endpoints, pins).
/// Implemented by the data layer over <c>cloudflare_accounts</c>, <c>registrar_accounts</c> and <c>servers</c>.
/// </summary>
public interface IVendorAccountDirectory
{
    /// <summary>The Cloudflare account; <see cref="KeyNotFoundException"/> when unknown.</summary>
    Task<CloudflareAccount> GetCloudflareAccountAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The registrar account; <see cref="KeyNotFoundException"/> when unknown.</summary>
    Task<RegistrarAccount> GetRegistrarAccountAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The CloudPanel server; <see cref="KeyNotFoundException"/> when unknown.</summary>
    Task<CloudPanelServer> GetServerAsync(Guid id, CancellationToken cancellationToken = default);
}
