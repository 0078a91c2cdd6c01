using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Simulators.SearchConsole;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Simulators.Tests.SearchConsole;

public sealed class SearchConsoleSimulatorTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));

    private async Task<(LoopbackServer Server, SearchConsoleSimulator Sim)> StartAsync(SearchConsoleSimulatorOptions? options = null)
    {
        var sim = new SearchConsoleSimulator(options ?? new SearchConsoleSimulatorOptions { VerificationDelay = TimeSpan.FromMinutes(1) }, _clock);
        sim.AddAccount("c", "s", "r", "u@example.com");
        var server = await LoopbackServer.StartAsync(app => sim.Map(app));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = "c", ["client_secret"] = "s", ["refresh_token"] = "r" });
        var token = JsonNode.Parse(await (await server.Client.PostAsync(new Uri("token", UriKind.Relative), form)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (server, sim);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task WebResource_TxtVisibleViaCallback_VerifiesOnlyAfterDelay()
    {
        var published = new List<string>();
        var (server, _) = await StartAsync(new SearchConsoleSimulatorOptions { VerificationDelay = TimeSpan.FromMinutes(1), TxtLookup = _ => published });
        await using var _s = server;
        var token = JsonNode.Parse(await (await server.Client.PostAsync(new Uri("siteVerification/v1/token", UriKind.Relative),
            Json("""{"site":{"type":"INET_DOMAIN","identifier":"a.com"},"verificationMethod":"DNS_TXT"}"""))).Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
        published.Add(token);
        var insert = new Uri("siteVerification/v1/webResource?verificationMethod=DNS_TXT", UriKind.Relative);

        var early = await server.Client.PostAsync(insert, Json("""{"site":{"type":"INET_DOMAIN","identifier":"a.com"}}"""));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var late = await server.Client.PostAsync(insert, Json("""{"site":{"type":"INET_DOMAIN","identifier":"a.com"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("verification token could not be found", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.PutAsync(new Uri("webmasters/v3/sites/sc-domain%3Aa.com", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task Query_NoData_OmitsRowsKey()
    {
        var (server, sim) = await StartAsync();
        await using var _s = server;
        sim.SeedProperty("u@example.com", "sc-domain:a.com", new DateOnly(2026, 3, 9));

        var body = JsonNode.Parse(await (await server.Client.PostAsync(new Uri("webmasters/v3/sites/sc-domain%3Aa.com/searchAnalytics/query", UriKind.Relative),
            Json("""{"startDate":"2026-03-01","endDate":"2026-03-09","dimensions":["date"]}"""))).Content.ReadAsStringAsync())!.AsObject();

        Assert.False(body.ContainsKey("rows"));
    }

    [Fact]
    public async Task Query_OverQuota_Answers429ResourceExhausted()
    {
        var (server, sim) = await StartAsync(new SearchConsoleSimulatorOptions { QueriesPerMinutePerUser = 1 });
        await using var _s = server;
        sim.SeedProperty("u@example.com", "sc-domain:a.com", new DateOnly(2026, 1, 1));
        var uri = new Uri("webmasters/v3/sites/sc-domain%3Aa.com/searchAnalytics/query", UriKind.Relative);
        const string q = """{"startDate":"2026-03-01","endDate":"2026-03-02","dimensions":["date"]}""";

        var first = await server.Client.PostAsync(uri, Json(q));
        var second = await server.Client.PostAsync(uri, Json(q));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var third = await server.Client.PostAsync(uri, Json(q));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("RESOURCE_EXHAUSTED", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Token_RevokedRefreshToken_AnswersInvalidGrant()
    {
        var (server, sim) = await StartAsync();
        await using var _s = server;
        sim.RevokeRefreshToken("r");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = "c", ["client_secret"] = "s", ["refresh_token"] = "r" });

        using var r = await server.Client.PostAsync(new Uri("token", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("invalid_grant", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
