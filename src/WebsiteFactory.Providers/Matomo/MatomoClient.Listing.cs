using System.Text.Json;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Matomo;

/// <summary>Read-only listing for the reconcile: every site the token administers.</summary>
public sealed partial class MatomoClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>SitesManager.getSitesWithAdminAccess</c> with <c>filter_limit=-1</c> (the API's default row limit would cut a
    /// large portfolio at 100). Matomo sends <c>idsite</c> as a string in older versions and a number in newer ones.
    /// </remarks>
    public async Task<IReadOnlyList<MatomoSiteInfo>> ListSitesAsync(CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("SitesManager.getSitesWithAdminAccess", [new("filter_limit", "-1")], true, cancellationToken).ConfigureAwait(false);
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, "Matomo answered getSitesWithAdminAccess with an unexpected shape.");
        }

        var sites = new List<MatomoSiteInfo>();
        foreach (var e in json.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("idsite", out var idValue) && ReadInt(idValue) is { } id)
            {
                sites.Add(new MatomoSiteInfo(id, Text(e, "name"), Text(e, "main_url")));
            }
        }

        return [.. sites.OrderBy(s => s.Id)];
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;
}
