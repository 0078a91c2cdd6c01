using System.Text.Json;

namespace WebsiteFactory.Simulators.Tests;

public sealed class MatomoAndDnsSimulatorTests : SimulatorTestBase
{
    private async Task<JsonElement> MatomoAsync(params (string Key, string Value)[] p)
    {
        using var content = new FormUrlEncodedContent(p.Select(x => new KeyValuePair<string, string>(x.Key, x.Value))
            .Append(new("token_auth", "sim-matomo-token")).Append(new("module", "API")).Append(new("format", "JSON")));
        var res = await Http.PostAsync(Host.MatomoUrl, content);
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Matomo_TokenInQueryString_IsRejected()
    {
        var text = await Http.GetStringAsync(new Uri(Host.MatomoUrl + "?module=API&method=SitesManager.getSitesIdFromSiteUrl&url=https://a.com&format=JSON&token_auth=sim-matomo-token"));
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("error", body.GetProperty("result").GetString());
        Assert.Contains("POST", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matomo_AddSiteThenLookupByAnyVariant_FindsIt()
    {
        var added = await MatomoAsync(("method", "SitesManager.addSite"), ("siteName", "a.com"), ("urls[]", "https://a.com"), ("urls[]", "https://www.a.com"));
        var id = added.GetProperty("value").GetInt32();
        var found = await MatomoAsync(("method", "SitesManager.getSitesIdFromSiteUrl"), ("url", "http://www.a.com/"));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), found[0].GetProperty("idsite").GetString());
        var none = await MatomoAsync(("method", "SitesManager.getSitesIdFromSiteUrl"), ("url", "https://b.com"));
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task Matomo_VisitsSummaryRange_IsDeterministicAndEmptyBeforeCreation()
    {
        var id = Host.State.Matomo.AddSite("v.com", new DateOnly(2025, 12, 30), "https://v.com");
        var body = await MatomoAsync(("method", "VisitsSummary.get"), ("idSite", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("period", "day"), ("date", "2025-12-29,2025-12-31"));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("2025-12-29").ValueKind);
        var visits = body.GetProperty("2025-12-31").GetProperty("nb_visits").GetInt32();
        Assert.Equal(Simulators.Matomo.MatomoState.SimulatedVisits(id, new DateOnly(2025, 12, 31), 500), visits);
    }

    [Fact]
    public void Matomo_SimulatedVisits_SteadyPerSite_NoOrdinaryDayLooksLikeAnOutage()
    {
        // The nightly job flags a day below half the 7-day median; ordinary simulated traffic must never trip it.
        var levels = new List<double>();
        for (var site = 1; site <= 30; site++)
        {
            var days = Enumerable.Range(0, 90).Select(d => Simulators.Matomo.MatomoState.SimulatedVisits(site, new DateOnly(2026, 1, 1).AddDays(d), 500)).ToList();
            Assert.All(days, v => Assert.InRange(v, 0, 500));
            for (var d = 7; d < days.Count; d++)
            {
                var week = days.Skip(d - 7).Take(7).Order().ToList();
                Assert.True(days[d] >= week[3] / 2.0, $"site {site} day {d}: {days[d]} vs median {week[3]}");
            }

            levels.Add(days.Average());
        }

        Assert.True(levels.Max() > 2 * levels.Min(), "sites should differ in size");
    }

    [Fact]
    public async Task Dns_NsAnswer_FollowsRegistrarAfterPropagation()
    {
        await NamecheapAsync("namecheap.domains.dns.setCustom", ("SLD", "prop"), ("TLD", "com"), ("Nameservers", "x.ns.cloudflare.com,y.ns.cloudflare.com"));
        async Task<string> Ns()
        {
            var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(Host.DnsQueryUrl + "?name=prop.com&type=NS")));
            return string.Join(',', doc.RootElement.GetProperty("Answer").EnumerateArray().Select(a => a.GetProperty("data").GetString()).Order(StringComparer.Ordinal));
        }

        Assert.Equal("dns1.registrar-servers.com.,dns2.registrar-servers.com.", await Ns());
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("x.ns.cloudflare.com.,y.ns.cloudflare.com.", await Ns());
    }
}
