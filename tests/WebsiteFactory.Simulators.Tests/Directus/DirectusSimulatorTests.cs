using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using WebsiteFactory.Simulators.Directus;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Simulators.Tests.Directus;

public sealed class DirectusSimulatorTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<LoopbackServer> StartAsync()
    {
        var sim = new DirectusSimulator();
        sim.AddToken("t");
        var server = await LoopbackServer.StartAsync(app => sim.Map(app));
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        (await server.Client.PostAsync(new Uri("collections", UriKind.Relative), Json("""
            {"collection":"pages","fields":[{"field":"id","type":"uuid","schema":{"is_primary_key":true}},
              {"field":"site_id","type":"uuid","schema":{"is_nullable":false}},{"field":"slug","type":"string","schema":{"is_nullable":false}}]}
            """))).EnsureSuccessStatusCode();
        return server;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage r) =>
        JsonNode.Parse(await r.Content.ReadAsStringAsync())?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    [Fact]
    public async Task GetItem_Missing_Answers403Forbidden()
    {
        await using var server = await StartAsync();

        using var r = await server.Client.GetAsync(new Uri("items/pages/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeAsync(r));
    }

    [Fact]
    public async Task CreateItem_DuplicateId_Answers400RecordNotUnique()
    {
        await using var server = await StartAsync();
        const string item = """{"id":"a","site_id":"s1","slug":"x"}""";
        (await server.Client.PostAsync(new Uri("items/pages", UriKind.Relative), Json(item))).EnsureSuccessStatusCode();

        using var r = await server.Client.PostAsync(new Uri("items/pages", UriKind.Relative), Json(item));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("RECORD_NOT_UNIQUE", await CodeAsync(r));
    }

    [Fact]
    public async Task CreateItem_MissingRequiredField_Answers400FailedValidation()
    {
        await using var server = await StartAsync();

        using var r = await server.Client.PostAsync(new Uri("items/pages", UriKind.Relative), Json("""{"id":"a","slug":"x"}"""));

        Assert.Equal("FAILED_VALIDATION", await CodeAsync(r));
    }

    [Fact]
    public async Task ListItems_FilterSortLimit_ReturnsMatchingInOrder()
    {
        await using var server = await StartAsync();
        foreach (var (id, site, slug) in new[] { ("1", "s1", "b"), ("2", "s2", "a"), ("3", "s1", "a") })
        {
            (await server.Client.PostAsync(new Uri("items/pages", UriKind.Relative), Json($$"""{"id":"{{id}}","site_id":"{{site}}","slug":"{{slug}}"}"""))).EnsureSuccessStatusCode();
        }

        var body = JsonNode.Parse(await server.Client.GetStringAsync(new Uri("items/pages?filter[site_id][_eq]=s1&sort=slug&limit=-1&fields=id,slug", UriKind.Relative)))!;

        Assert.Equal(["3", "1"], body["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Null(body["data"]![0]!["site_id"]);
    }

    [Fact]
    public async Task AnyCall_BadToken_Answers401InvalidCredentials()
    {
        await using var server = await StartAsync();
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bad");

        using var r = await server.Client.GetAsync(new Uri("items/pages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("INVALID_CREDENTIALS", await CodeAsync(r));
    }
}
