using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace WebsiteFactory.Simulators.Tests;

/// <summary>
/// Every error a simulator answers (unknown route, wrong method, failed authentication, throttling, unreadable body) carries
/// the vendor's own error body, never an empty one.
/// </summary>
public sealed class VendorErrorBodyTests : SimulatorTestBase
{
    private const string ZoneId = "0123456789abcdef0123456789abcdef";

    protected override void Configure(SimulatorOptions options)
    {
        options.Cloudflare.RateLimit = 2;
        options.Namecheap.PerMinute = 1;
        options.Spaceship.PerDomainLimit = 1;
    }

    private async Task<(int Status, string Text, HttpResponseMessage Response)> RawAsync(HttpRequestMessage req)
    {
        var res = await Http.SendAsync(req);
        return ((int)res.StatusCode, await res.Content.ReadAsStringAsync(), res);
    }

    private static JsonElement CloudflareError(string text)
    {
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("result").ValueKind);
        Assert.Equal(0, body.GetProperty("messages").GetArrayLength());
        var error = body.GetProperty("errors")[0];
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }

    [Fact]
    public async Task Cloudflare_UnknownRoute_Answers7000Envelope()
    {
        var (status, text, _) = await RawAsync(Cf(HttpMethod.Get, $"zones/{ZoneId}/no_such_thing"));

        Assert.Equal(400, status);
        Assert.Equal(7000, CloudflareError(text).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Cloudflare_WrongMethod_Answers405EnvelopeWithAllow()
    {
        var (status, text, res) = await RawAsync(Cf(HttpMethod.Delete, "user/tokens/verify"));

        Assert.Equal(405, status);
        Assert.Equal(10000, CloudflareError(text).GetProperty("code").GetInt32());
        Assert.Contains("GET", res.Content.Headers.Allow);
    }

    [Fact]
    public async Task Cloudflare_NoAuthorization_Answers9106Envelope()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.CloudflareBaseUrl, "zones"));

        var (status, text, _) = await RawAsync(req);

        Assert.Equal(400, status);
        Assert.Equal(9106, CloudflareError(text).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Cloudflare_MalformedJsonBody_AnswersEnvelope()
    {
        var req = Cf(HttpMethod.Post, "zones");
        req.Content = new StringContent("{\"name\":", Encoding.UTF8, "application/json");

        var (status, text, _) = await RawAsync(req);

        Assert.Equal(400, status);
        Assert.Equal(6007, CloudflareError(text).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Cloudflare_RateLimited_Answers429EnvelopeWithRetryAfter()
    {
        await RawAsync(Cf(HttpMethod.Get, "zones"));
        await RawAsync(Cf(HttpMethod.Get, "zones"));

        var (status, text, res) = await RawAsync(Cf(HttpMethod.Get, "zones"));

        Assert.Equal(429, status);
        Assert.Equal(971, CloudflareError(text).GetProperty("code").GetInt32());
        Assert.NotNull(res.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Namecheap_WrongMethodAndUnknownPath_AnswerApiResponseError()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, Host.NamecheapUrl);
        using var unknown = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "namecheap/json.response"));

        var (s1, t1, _) = await RawAsync(put);
        var (s2, t2, _) = await RawAsync(unknown);

        Assert.Equal(405, s1);
        Assert.Equal(404, s2);
        foreach (var text in new[] { t1, t2 })
        {
            var root = XDocument.Parse(text).Root!;
            Assert.Equal("ERROR", root.Attribute("Status")!.Value);
            Assert.NotEmpty(root.Descendants(root.Name.Namespace + "Error"));
        }
    }

    [Fact]
    public async Task Namecheap_Throttled_Answers405WithApiResponseError()
    {
        await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "a"), ("TLD", "com"));

        var throttled = await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "a"), ("TLD", "com"));

        Assert.StartsWith("405 ", throttled, StringComparison.Ordinal);
        Assert.Equal("ERROR", XDocument.Parse(throttled[4..]).Root!.Attribute("Status")!.Value);
    }

    private HttpRequestMessage Spaceship(HttpMethod method, string path, string secret = "sim-spaceship-secret")
    {
        var req = new HttpRequestMessage(method, new Uri(Host.SpaceshipBaseUrl, path));
        req.Headers.Add("X-API-Key", "sim-spaceship-key");
        req.Headers.Add("X-API-Secret", secret);
        return req;
    }

    [Fact]
    public async Task Spaceship_UnknownRouteWrongMethodBadKeyAndThrottle_AnswerDetailBodies()
    {
        var answers = new[]
        {
            await SendAsync(Spaceship(HttpMethod.Get, "contacts")),
            await SendAsync(Spaceship(HttpMethod.Delete, "domains/ship.com")),
            await SendAsync(Spaceship(HttpMethod.Get, "domains/ship.com", secret: "wrong")),
            await SendAsync(Spaceship(HttpMethod.Get, "domains/ship.com")),
            await SendAsync(Spaceship(HttpMethod.Get, "domains/ship.com")),
        };

        Assert.Equal([404, 405, 401, 200, 429], answers.Select(a => a.Status));
        foreach (var (status, body, _) in answers.Where(a => a.Status != 200))
        {
            Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()), $"HTTP {status}");
        }
    }

    [Fact]
    public async Task Matomo_UnknownPath_AnswersMatomoError()
    {
        var (status, text, _) = await RawAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "matomo/api.php")));

        Assert.Equal(404, status);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("error", body.GetProperty("result").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Directus_UnknownRouteWrongMethodAndBadToken_AnswerDirectusErrors()
    {
        using var unknown = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.DirectusBaseUrl, "nope"));
        using var wrong = new HttpRequestMessage(HttpMethod.Put, new Uri(Host.DirectusBaseUrl, "items/pages"));
        using var badToken = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.DirectusBaseUrl, "items/pages"));
        badToken.Headers.Authorization = new("Bearer", "wrong");

        var answers = new[] { await SendAsync(unknown), await SendAsync(wrong), await SendAsync(badToken) };

        Assert.Equal([404, 404, 401], answers.Select(a => a.Status));
        Assert.Equal(["ROUTE_NOT_FOUND", "ROUTE_NOT_FOUND", "INVALID_CREDENTIALS"],
            answers.Select(a => a.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Google_UnknownRouteWrongMethodAndNoToken_AnswerGoogleErrors()
    {
        using var unknown = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.SearchConsoleBaseUrl, "urlInspection"));
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, new Uri(Host.SearchConsoleBaseUrl, "sites"));
        using var noToken = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.SearchConsoleBaseUrl, "sites"));

        var answers = new[] { await SendAsync(unknown), await SendAsync(wrong), await SendAsync(noToken) };

        Assert.Equal([404, 404, 401], answers.Select(a => a.Status));
        Assert.Equal(["NOT_FOUND", "NOT_FOUND", "UNAUTHENTICATED"], answers.Select(a => a.Body.GetProperty("error").GetProperty("status").GetString()));
        Assert.All(answers, a => Assert.Equal(a.Status, a.Body.GetProperty("error").GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task Chat_UnknownRouteWrongMethodAndBadKey_AnswerOpenAiErrors()
    {
        using var unknown = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.ChatBaseUrl, "v1/assistants"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.ChatBaseUrl, "v1/chat/completions"));
        using var badKey = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.ChatBaseUrl, "v1/chat/completions")) { Content = JsonContent.Create(new { model = "m" }) };
        badKey.Headers.Authorization = new("Bearer", "wrong");

        var answers = new[] { await SendAsync(unknown), await SendAsync(wrong), await SendAsync(badKey) };

        Assert.Equal([404, 405, 401], answers.Select(a => a.Status));
        Assert.All(answers, a => Assert.False(string.IsNullOrEmpty(a.Body.GetProperty("error").GetProperty("message").GetString())));
        Assert.Equal(["invalid_request_error", "invalid_request_error", "invalid_request_error"], answers.Select(a => a.Body.GetProperty("error").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task OutsideAnyVendor_UnknownPath_AnswersProblemDetails()
    {
        var (status, text, res) = await RawAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "nothing/here")));

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }
}
