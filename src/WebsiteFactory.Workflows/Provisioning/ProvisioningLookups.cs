using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Loads a site and the accounts and server it references, failing permanently with a clear reason when missing.</summary>
public sealed class ProvisioningLookups(
    ISiteStateStore sites,
    ICloudflareAccountRepository cloudflareAccounts,
    IRegistrarAccountRepository registrarAccounts,
    IHostingServerRepository servers)
{
    /// <summary>The site.</summary>
    public async Task<Site> SiteAsync(Guid siteId, CancellationToken cancellationToken) =>
        await sites.GetAsync(siteId, cancellationToken).ConfigureAwait(false) ?? throw new PermanentStepException($"Site {siteId} does not exist.");

    /// <summary>The site's Cloudflare account.</summary>
    public async Task<CloudflareAccount> CloudflareAccountAsync(Site site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var id = site.CloudflareAccountId ?? throw new PermanentStepException($"Site {site.Domain} has no Cloudflare account assigned.");
        return await cloudflareAccounts.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new PermanentStepException($"Cloudflare account {id} of {site.Domain} does not exist.");
    }

    /// <summary>The site's registrar account.</summary>
    public async Task<RegistrarAccount> RegistrarAccountAsync(Site site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var id = site.RegistrarAccountId ?? throw new PermanentStepException($"Site {site.Domain} has no registrar account assigned.");
        return await registrarAccounts.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new PermanentStepException($"Registrar account {id} of {site.Domain} does not exist.");
    }

    /// <summary>The site's CloudPanel server.</summary>
    public async Task<HostingServer> ServerAsync(Site site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var id = site.ServerId ?? throw new PermanentStepException($"Site {site.Domain} has no server assigned.");
        return await servers.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new PermanentStepException($"Server {id} of {site.Domain} does not exist.");
    }
}
