using System.Text.Json.Nodes;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Providers.SearchConsole;

/// <summary>Read-only listing for the reconcile: the account's properties.</summary>
public sealed partial class GoogleSearchConsoleClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET webmasters/v3/sites</c> answers every property at once (<c>siteEntry</c>, no paging; absent when the account
    /// has none). Properties the account only has unverified access to are listed too; the caller decides what counts.
    /// </remarks>
    public async Task<IReadOnlyList<string>> ListPropertiesAsync(GscAccount account, CancellationToken cancellationToken = default)
    {
        var node = await SendAsync(account, HttpMethod.Get, new Uri(_options.SearchConsoleBaseUrl, "sites"), null, "sites", "site list", cancellationToken).ConfigureAwait(false);
        return node?["siteEntry"] is JsonArray entries
            ? [.. entries.Select(e => e?["siteUrl"]?.GetValue<string>()).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).Order(StringComparer.Ordinal)]
            : [];
    }
}
