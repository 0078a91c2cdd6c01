using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace WebsiteFactory.Simulators.Tests.Cloudflare.Schema;

/// <summary>
/// Holds the Cloudflare simulator against an excerpt of Cloudflare's published OpenAPI description
/// (<c>cloudflare-openapi-excerpt.json</c>, see its <c>x-source</c>): the same operations (method and path template), and
/// answers, successes and failures, that carry every field the schema requires.
/// </summary>
public sealed class CloudflareSchemaConformanceTests : SimulatorTestBase
{
    private const string Prefix = "/cloudflare/client/v4";

    private static readonly OpenApiExcerpt Schema = OpenApiExcerpt.Load("cloudflare-openapi-excerpt.json");

    private readonly List<string> _problems = [];

    [Fact]
    public void SimulatorRoutes_MatchTheSchemaOperations()
    {
        var served = Host.Endpoints
            .Where(e => e.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText![Prefix.Length..])))
            .ToHashSet();

        Assert.NotEmpty(served);
        Assert.Empty(served.Except(Schema.Operations).Select(o => $"served but not in the schema: {o}"));
        Assert.Empty(Schema.Operations.Except(served).Select(o => $"in the excerpt but not served: {o}"));
    }

    [Fact]
    public async Task Answers_CarryWhatTheSchemaRequires()
    {
        await CheckAsync(HttpMethod.Get, "user/tokens/verify", "/user/tokens/verify");
        var verified = await CheckAsync(HttpMethod.Get, "user/tokens/verify", "/user/tokens/verify");
        await CheckAsync(HttpMethod.Get, $"user/tokens/{verified.GetProperty("result").GetProperty("id").GetString()}", "/user/tokens/{token_id}");
        await CheckAsync(HttpMethod.Get, $"user/tokens/{new string('0', 32)}", "/user/tokens/{token_id}", expected: 404);
        await CheckAsync(HttpMethod.Get, "accounts", "/accounts");
        var zone = await CheckAsync(HttpMethod.Post, "zones", "/zones", new { name = "schema.com" });
        var zoneId = zone.GetProperty("result").GetProperty("id").GetString();
        await CheckAsync(HttpMethod.Post, "zones", "/zones", new { name = "schema.com" }, expected: 400);
        await CheckAsync(HttpMethod.Get, "zones?name=schema.com", "/zones");
        await CheckAsync(HttpMethod.Get, $"zones/{zoneId}", "/zones/{zone_id}");
        await CheckAsync(HttpMethod.Get, "zones/not-an-id", "/zones/{zone_id}", expected: 400);
        await CheckAsync(HttpMethod.Put, $"zones/{zoneId}/activation_check", "/zones/{zone_id}/activation_check");
        await CheckAsync(HttpMethod.Put, $"zones/{zoneId}/activation_check", "/zones/{zone_id}/activation_check", expected: 429);

        const string records = "/zones/{zone_id}/dns_records";
        const string record = "/zones/{zone_id}/dns_records/{dns_record_id}";
        var created = await CheckAsync(HttpMethod.Post, $"zones/{zoneId}/dns_records", records, new { type = "TXT", name = "@", content = "v=spf1 -all", comment = "c" });
        var recordId = created.GetProperty("result").GetProperty("id").GetString();
        await CheckAsync(HttpMethod.Post, $"zones/{zoneId}/dns_records", records, new { type = "TXT", name = "@", content = "v=spf1 -all" }, expected: 400);
        await CheckAsync(HttpMethod.Get, $"zones/{zoneId}/dns_records?type=TXT", records);
        await CheckAsync(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", record, new { type = "TXT", name = "@", content = "v=spf1 ~all" });
        await CheckAsync(HttpMethod.Patch, $"zones/{zoneId}/dns_records/{recordId}", record, new { ttl = 3600 });
        await CheckAsync(HttpMethod.Put, $"zones/{zoneId}/dns_records/{new string('f', 32)}", record, new { type = "TXT", name = "@", content = "x" }, expected: 404);
        await CheckAsync(HttpMethod.Delete, $"zones/{zoneId}/dns_records/{recordId}", record);
        await CheckAsync(HttpMethod.Delete, $"zones/{zoneId}/dns_records/{recordId}", record, expected: 404);
        await CheckAsync(HttpMethod.Delete, $"zones/{zoneId}", "/zones/{zone_id}");

        Assert.Empty(_problems);
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethod_AnswerTheSchemasFailureEnvelope()
    {
        var (s1, unknown, _) = await SendAsync(Cf(HttpMethod.Get, "zones/0123456789abcdef0123456789abcdef/no_such_thing"));
        var (s2, wrong, _) = await SendAsync(Cf(HttpMethod.Post, "user/tokens/verify"));

        Assert.Equal((400, 405), (s1, s2));
        Assert.Empty(Schema.ValidateComponent("api-response-common-failure", unknown));
        Assert.Empty(Schema.ValidateComponent("api-response-common-failure", wrong));
    }

    [Fact]
    public void Validator_RecordWithoutARequiredField_IsReported()
    {
        using var doc = JsonDocument.Parse("""{"id":"0123456789abcdef0123456789abcdef","name":"a.com","type":"A","content":"192.0.2.1","proxiable":true,"proxied":false,"ttl":1,"meta":{},"comment":null,"tags":[],"created_on":"2026-01-01T00:00:00Z","modified_on":"2026-01-01T00:00:00Z"}""");

        var problems = Schema.ValidateComponent("dns-record", doc.RootElement);

        Assert.Equal(["$: required property 'settings' is missing"], problems);
    }

    private async Task<JsonElement> CheckAsync(HttpMethod method, string url, string template, object? body = null, int expected = 200)
    {
        var (status, json, _) = await SendAsync(Cf(method, url, body));
        if (status != expected)
        {
            _problems.Add($"{method} {url}: HTTP {status}, expected {expected}");
        }

        _problems.AddRange(Schema.Validate(method.Method, template, status, json).Select(p => $"{method} {url} (HTTP {status}): {p}"));
        return json;
    }
}
