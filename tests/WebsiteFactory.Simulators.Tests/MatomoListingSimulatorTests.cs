using System.Text.Json;

namespace WebsiteFactory.Simulators.Tests;

/// <summary>Matomo's site listing (<c>getSitesWithAdminAccess</c>) and <c>getSiteFromId</c> as the reconcile reads them.</summary>
public sealed class MatomoListingSimulatorTests : SimulatorTestBase
{
    private async Task<JsonElement> MatomoAsync(params (string Key, string Value)[] p)
    {
        using var content = new FormUrlEncodedContent(p.Select(x => new KeyValuePair<string, string>(x.Key, x.Value))
            .Append(new("token_auth", "sim-matomo-token")).Append(new("module", "API")).Append(new("format", "JSON")));
        var res = await Http.PostAsync(Host.MatomoUrl, content);
        Assert.True(res.IsSuccessStatusCode, $"HTTP {(int)res.StatusCode}");
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Matomo_GetSitesWithAdminAccess_ListsEverySiteInIdOrder_LimitCuts()
    {
        foreach (var name in new[] { "one.com", "two.com", "three.com" })
        {
            await MatomoAsync(("method", "SitesManager.addSite"), ("siteName", name), ("urls[]", $"https://{name}"));
        }

        var all = await MatomoAsync(("method", "SitesManager.getSitesWithAdminAccess"), ("filter_limit", "-1"));
        Assert.Equal(["https://one.com", "https://two.com", "https://three.com"], all.EnumerateArray().Select(s => s.GetProperty("main_url").GetString()));
        Assert.Equal(JsonValueKind.Number, all[0].GetProperty("idsite").ValueKind);
        Assert.EndsWith(" 00:00:00", all[0].GetProperty("ts_created").GetString(), StringComparison.Ordinal);

        var two = await MatomoAsync(("method", "SitesManager.getSitesWithAdminAccess"), ("limit", "2"));
        Assert.Equal(2, two.GetArrayLength());

        var one = await MatomoAsync(("method", "SitesManager.getSiteFromId"), ("idSite", all[0].GetProperty("idsite").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("one.com", one.GetProperty("name").GetString());
    }
}
