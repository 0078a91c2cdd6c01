using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Simulators.Tests.Content;

public sealed class ChatCompletionsSimulatorTests
{
    private static StringContent Request(JsonNode? schema = null) => new(new JsonObject
    {
        ["model"] = "m",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Topic: bees\nSlug: bees" }),
        ["response_format"] = schema is null ? null : new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "x", ["strict"] = true, ["schema"] = schema } },
    }.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonObject Schema => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "string" },
            ["slug"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("bees") },
            ["count"] = new JsonObject { ["type"] = "integer" },
            ["faq"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["question"] = new JsonObject { ["type"] = "string" } } } },
        },
    };

    private static async Task<(LoopbackServer Server, ChatCompletionsSimulator Sim)> StartAsync()
    {
        var options = new ChatSimulatorOptions();
        options.ApiKeys.Add("k");
        var sim = new ChatCompletionsSimulator(options);
        var server = await LoopbackServer.StartAsync(app => sim.Map(app));
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k");
        return (server, sim);
    }

    [Fact]
    public async Task Post_JsonSchema_ContentMatchesSchemaWithUsage()
    {
        var (server, _) = await StartAsync();
        await using var _s = server;

        using var response = await server.Client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), Request(Schema));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var content = JsonNode.Parse(body["choices"]![0]!["message"]!["content"]!.GetValue<string>())!;
        Assert.Equal("bees", content["slug"]!.GetValue<string>());
        Assert.Contains("Bees", content["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, content["count"]!.GetValueKind());
        Assert.Equal(3, content["faq"]!.AsArray().Count);
        Assert.Equal("stop", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.True(body["usage"]!["total_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Post_RateLimitedFault_Answers429WithRetryAfter()
    {
        var (server, sim) = await StartAsync();
        await using var _s = server;
        sim.EnqueueFault(ChatFault.RateLimited);

        using var response = await server.Client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), Request(Schema));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Contains("rate_limit_exceeded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TruncatedFault_FinishReasonLengthAndInvalidJson()
    {
        var (server, sim) = await StartAsync();
        await using var _s = server;
        sim.EnqueueFault(ChatFault.Truncated);

        using var response = await server.Client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), Request(Schema));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("length", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(body["choices"]![0]!["message"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Post_WrongKey_Answers401InvalidApiKey()
    {
        var (server, _) = await StartAsync();
        await using var _s = server;
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");

        using var response = await server.Client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), Request());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_api_key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
