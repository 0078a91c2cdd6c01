using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Cloudflare;

/// <summary>Read-only listing for the reconcile: every zone of an account.</summary>
public sealed partial class CloudflareClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /zones?account.id=…&amp;per_page=…&amp;page=…</c>, page after page until <c>result_info.total_pages</c>; each
    /// page is paid from the account's shared rate budget like any other call.
    /// </remarks>
    public async Task<IReadOnlyList<CloudflareZone>> ListZonesAsync(CloudflareAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var path = $"zones?account.id={Uri.EscapeDataString(account.CloudflareAccountId)}&per_page={_options.PageSize}";
        var zones = await ListAsync<CloudflareZoneDto>(account, path, cancellationToken).ConfigureAwait(false);
        return [.. zones
            .Where(z => z.Account is null || z.Account.Id == account.CloudflareAccountId)
            .Select(z => ToZone(z, account))];
    }
}
