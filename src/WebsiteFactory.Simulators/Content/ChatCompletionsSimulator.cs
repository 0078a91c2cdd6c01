using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WebsiteFactory.Simulators.Content;

/// <summary>
/// An OpenAI-compatible <c>POST /v1/chat/completions</c>: deterministic content (same messages, same answer) shaped by
/// the request's <c>response_format</c> JSON schema, bearer-key check, usage, and injected faults (429 with
/// <c>retry-after</c>, <c>insufficient_quota</c>, malformed, truncated, schema-violating output, 503).
/// </summary>
/// <remarks>
/// Schema-driven generation: objects get every property, strings with <c>enum</c> get the first value, arrays get
/// three items; a few well-known property names (<c>title</c>, <c>body_markdown</c>, ...) get realistic text built from
/// the <c>Topic:</c> line of the last user message.
/// </remarks>
public sealed class ChatCompletionsSimulator
{
    private readonly ChatSimulatorOptions _options;
    private readonly ConcurrentQueue<ChatFault> _faults = new();
    private readonly Random _random;
    private readonly Lock _lock = new();
    private int _requests;

    /// <summary>Creates the simulator.</summary>
    public ChatCompletionsSimulator(ChatSimulatorOptions? options = null)
    {
        _options = options ?? new ChatSimulatorOptions();
        _random = new Random(_options.Seed);
    }

    /// <summary>Requests received (including faulted and rejected ones).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Makes the next request(s) fail with <paramref name="fault"/>, in order.</summary>
    public void EnqueueFault(ChatFault fault) => _faults.Enqueue(fault);

    /// <summary>Maps the endpoint at <paramref name="path"/>.</summary>
    public IEndpointConventionBuilder Map(IEndpointRouteBuilder routes, string path = "/v1/chat/completions")
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(path);
        // GET {prefix}/models: the read-only model list (same key check, no fault injection, not counted as a completion).
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            routes.MapGet(path[..^"/chat/completions".Length] + "/models", (Delegate)ListModels);
        }

        return routes.MapPost(path, (Delegate)HandleAsync);
    }

    private static readonly string[] ListedModels = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"];

    private IResult ListModels(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        var key = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : http.Request.Headers["api-key"].ToString();
        if (string.IsNullOrEmpty(key) || (_options.ApiKeys.Count > 0 && !_options.ApiKeys.Contains(key)))
        {
            return Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }

        var models = ListedModels.Select(id => new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 1_700_000_000, ["owned_by"] = "system" });
        return Results.Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. models]) });
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var auth = http.Request.Headers.Authorization.ToString();
        var key = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : http.Request.Headers["api-key"].ToString();
        if (string.IsNullOrEmpty(key) || (_options.ApiKeys.Count > 0 && !_options.ApiKeys.Contains(key)))
        {
            return Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }

        JsonNode? request;
        try
        {
            request = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
        }

        if (request?["model"]?.GetValue<string>() is not { Length: > 0 } model || request["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return Error(400, "'model' and 'messages' are required.", "invalid_request_error", null);
        }

        var fault = NextFault();
        switch (fault)
        {
            case ChatFault.RateLimited:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(_options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["retry-after-ms"] = ((long)_options.RetryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                return Error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded");
            case ChatFault.InsufficientQuota:
                return Error(429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota");
            case ChatFault.ServerError:
                return Error(503, "The server is overloaded or not ready yet.", "server_error", null);
        }

        var messagesText = messages.ToJsonString();
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(messagesText)), 0);
        var topic = FindTopic(messages) ?? "the topic";
        var schema = request["response_format"]?["json_schema"]?["schema"];
        string content;
        var finish = "stop";
        if (schema is not null || request["response_format"]?["type"]?.GetValue<string>() == "json_object")
        {
            var generated = (JsonObject)Generate(schema ?? new JsonObject { ["type"] = "object" }, null, topic, new Random(seed));
            if (fault == ChatFault.SchemaViolation && generated.Count > 0)
            {
                generated.Remove(generated.First().Key);
            }

            content = generated.ToJsonString();
        }
        else
        {
            content = Paragraph(topic, new Random(seed));
        }

        if (fault == ChatFault.Malformed)
        {
            content = "Sure! Here is your page: " + content[..(content.Length / 2)];
        }
        else if (fault == ChatFault.Truncated)
        {
            content = content[..(content.Length / 3)];
            finish = "length";
        }

        var promptTokens = Math.Max(1, messagesText.Length / 4);
        var completionTokens = Math.Max(1, content.Length / 4);
        http.Response.Headers["x-ratelimit-remaining-requests"] = "499";
        http.Response.Headers["x-request-id"] = "req_" + seed.ToString("x8", CultureInfo.InvariantCulture);
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-sim" + seed.ToString("x8", CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["finish_reason"] = finish,
                ["logprobs"] = null,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
            ["system_fingerprint"] = "fp_simulator",
        };
        return Results.Text(response.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    private ChatFault? NextFault()
    {
        if (_faults.TryDequeue(out var scripted))
        {
            return scripted;
        }

        double roll;
        lock (_lock)
        {
#pragma warning disable CA5394 // Reproducible fault injection needs a seeded source, not a secure one.
            roll = _random.NextDouble();
#pragma warning restore CA5394
        }

        if (roll < _options.RateLimitRate)
        {
            return ChatFault.RateLimited;
        }

        roll -= _options.RateLimitRate;
        if (roll < _options.MalformedRate)
        {
            return ChatFault.Malformed;
        }

        roll -= _options.MalformedRate;
        return roll < _options.TruncatedRate ? ChatFault.Truncated : null;
    }

    private static string? FindTopic(JsonArray messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i]?["content"] is JsonValue v && v.TryGetValue<string>(out var text))
            {
                foreach (var line in text.Split('\n'))
                {
                    if (line.StartsWith("Topic:", StringComparison.OrdinalIgnoreCase))
                    {
                        return line[6..].Trim();
                    }
                }
            }
        }

        return null;
    }

    private static JsonNode Generate(JsonNode schema, string? name, string topic, Random random)
    {
        if (schema["enum"] is JsonArray { Count: > 0 } e)
        {
            return e[0]!.DeepClone();
        }

        var type = schema["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "string";
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema["properties"] is JsonObject props)
                {
                    foreach (var (propName, propSchema) in props)
                    {
                        obj[propName] = Generate(propSchema ?? new JsonObject(), propName, topic, random);
                    }
                }

                return obj;
            case "array":
                var arr = new JsonArray();
                for (var i = 0; i < 3; i++)
                {
                    arr.Add(Generate(schema["items"] ?? new JsonObject(), name, topic, random));
                }

                return arr;
            case "integer":
                return JsonValue.Create(random.Next(1, 100));
            case "number":
                return JsonValue.Create(Math.Round(random.NextDouble() * 100, 2));
            case "boolean":
                return JsonValue.Create(random.Next(2) == 1);
            default:
                return JsonValue.Create(Text(name, topic, random));
        }
    }

#pragma warning disable CA5394 // Deterministic pseudo-content, seeded from the request.
    private static string Text(string? name, string topic, Random random) => name switch
    {
        "title" => $"{Capitalise(topic)}: {Pick(random, "A Practical Guide", "What You Need to Know", "Tips and Answers", "The Essentials")}",
        "meta_description" => $"Learn about {topic}: clear explanations, practical tips and answers to common questions.",
        "body_markdown" => $"## Why {topic} matters\n\n{Paragraph(topic, random)}\n\n## Getting started\n\n- {Paragraph(topic, random)}\n- Compare options before you decide.\n\n## In practice\n\n{Paragraph(topic, random)}",
        "question" => $"{Pick(random, "How do I start with", "What does it cost to get into", "Is it worth learning about")} {topic}?",
        "answer" => Paragraph(topic, random),
        _ => $"{name ?? "text"} about {topic}",
    };

    private static string Paragraph(string topic, Random random) =>
        $"{Capitalise(topic)} {Pick(random, "is easier than it looks", "rewards a little planning", "has a few common pitfalls")}. " +
        $"{Pick(random, "Start small and build on what works.", "Focus on the basics first.", "Ask people who have done it before.")} " +
        $"{Pick(random, "Most readers see results within weeks.", "Small steps add up over time.", "A checklist helps you stay on track.")}";

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
#pragma warning restore CA5394

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// OpenAI's error object for an answer no handler wrote: an unknown path is 404 <c>Invalid URL (METHOD /path)</c>
    /// (OpenAI's wording), a method the path does not offer 405, an unreadable body 400.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status)
    {
        var path = http.Request.Path.StartsWithSegments("/openai", out var rest) ? rest : http.Request.Path;
        return Error(status, status switch
        {
            404 => $"Invalid URL ({http.Request.Method} {path})",
            405 => $"Method {http.Request.Method} is not allowed for {path}.",
            _ => "We could not parse the JSON body of your request.",
        }, "invalid_request_error", null);
    }

    private static IResult Error(int status, string message, string type, string? code) =>
        Results.Json(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }, statusCode: status);
}
