using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Content;

/// <summary>
/// <see cref="IContentGenerator"/> on an OpenAI-compatible chat completions API (OpenAI, Azure OpenAI, vLLM, LiteLLM,
/// Ollama, ...), with a strict JSON-schema <c>response_format</c>.
/// </summary>
/// <remarks>
/// Retry layers: the typed client's standard resilience handler absorbs 429/5xx blips inside one call, honouring
/// <c>Retry-After</c> (except <c>insufficient_quota</c>, see <see cref="ChatErrorClassifier"/>); this class retries
/// <em>content</em> failures (invalid JSON, schema violations, <c>finish_reason: length</c>) up to
/// <see cref="ContentGeneratorOptions.MaxAttempts"/> times; the workflow's retry policy retries the whole step only on
/// transient errors.
/// </remarks>
public sealed partial class OpenAiContentGenerator : IContentGenerator
{
    private const string Provider = "openai";
    private readonly HttpClient _http;
    private readonly ContentGeneratorOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger<OpenAiContentGenerator> _logger;

    /// <summary>Creates the generator (typed <see cref="HttpClient"/>; base address from options).</summary>
    public OpenAiContentGenerator(HttpClient http, IOptions<ContentGeneratorOptions> options, ISecretStore secrets, ILogger<OpenAiContentGenerator> logger)
    {
        _http = http;
        _options = options.Value;
        _secrets = secrets;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<GeneratedPageResult> GeneratePageAsync(SiteBrief brief, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(page);
        ContentSlug.Validate(page.Slug, nameof(page));
        var sort = IndexOf(brief, page);
        var key = await _secrets.GetAsync(_options.ApiKeySecretName, cancellationToken).ConfigureAwait(false);
        var body = BuildRequest(brief, page).ToJsonString();

        var usage = TokenUsage.None;
        string? lastReason = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            var completion = await SendAsync(body, key, cancellationToken).ConfigureAwait(false);
            usage += completion.Usage;
            lastReason = completion.FinishReason switch
            {
                "length" => "the output was truncated (finish_reason=length; raise Content:Generator:MaxTokens)",
                "content_filter" => "the output was blocked by the content filter (finish_reason=content_filter)",
                _ when completion.Refusal is not null => $"the model refused: {Shorten(completion.Refusal, 200)}",
                _ => null,
            };

            if (lastReason is null)
            {
                var parsed = PageOutputParser.TryParse(completion.Content, page, sort, out lastReason);
                if (parsed is not null)
                {
                    Log.PageGenerated(_logger, brief.SiteId, page.Slug, attempt, usage.TotalTokens);
                    return new GeneratedPageResult(parsed, usage, attempt);
                }
            }

            Log.InvalidOutput(_logger, brief.SiteId, page.Slug, attempt, lastReason!);
        }

        throw new ContentGenerationException(
            Provider,
            $"Content for page '{page.Slug}' failed after {_options.MaxAttempts} attempts: {lastReason}.",
            usage,
            vendorCode: "invalid_output");
    }

    private static int IndexOf(SiteBrief brief, PageRequest page)
    {
        for (var i = 0; i < brief.Pages.Count; i++)
        {
            if (string.Equals(brief.Pages[i].Slug, page.Slug, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return brief.Pages.Count;
    }

    private JsonObject BuildRequest(SiteBrief brief, PageRequest page)
    {
        var others = string.Join(", ", brief.Pages.Where(p => p.Slug != page.Slug).Select(p => $"/{p.Slug}/ ({p.Topic})"));
        var system = $"""
            You write web pages for the website "{brief.Brand}" ({brief.Domain}) about {brief.Niche}.
            Write in the language with BCP 47 tag "{brief.Language}". Be factual and helpful; no invented statistics.
            Reply with JSON only, matching the given schema. body_markdown: Markdown with H2/H3 headings, no H1, no HTML.
            meta_description: at most 155 characters. faq: 3 to 5 questions a reader would ask.
            """;
        var user = $"""
            Topic: {page.Topic}
            Slug: {page.Slug}
            Other pages you may link to: {(others.Length == 0 ? "none" : others)}
            """;
        return new JsonObject
        {
            ["model"] = _options.Model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = system },
                new JsonObject { ["role"] = "user", ["content"] = user }),
            ["temperature"] = _options.Temperature,
            ["max_tokens"] = _options.MaxTokens,
            ["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject
                {
                    ["name"] = PageSchema.Name,
                    ["strict"] = true,
                    ["schema"] = PageSchema.Build(page.Slug),
                },
            },
        };
    }

    private async Task<ChatCompletion> SendAsync(string body, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ChatCompletionsPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (string.Equals(_options.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(_options.ApiKeyHeader, key);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Chat completions request failed: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when ((ex is TimeoutException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(ex, cancellationToken))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Chat completions request timed out or was refused by the circuit breaker ({ex.GetType().Name}).", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Chat completions request timed out or was refused by the circuit breaker ({ex.GetType().Name}).", inner: ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ChatErrorClassifier.ToException(response, text);
            }

            return ChatCompletion.Parse(text);
        }
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";

    private sealed record ChatCompletion(string? Content, string? FinishReason, string? Refusal, TokenUsage Usage)
    {
        public static ChatCompletion Parse(string json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                var usage = TokenUsage.None;
                // Compatible servers may omit usage or send nulls.
                if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
                {
                    usage = new TokenUsage(Int(u, "prompt_tokens"), Int(u, "completion_tokens"), Int(u, "total_tokens"));
                }

                if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                {
                    return new ChatCompletion(null, null, null, usage);
                }

                var choice = choices[0];
                var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                string? content = null;
                string? refusal = null;
                if (choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object)
                {
                    content = m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    refusal = m.TryGetProperty("refusal", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                }

                return new ChatCompletion(content, finish, refusal, usage);
            }
            catch (JsonException ex)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, "Chat completions returned a body that is not JSON.", inner: ex);
            }
        }

        private static int Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Generated page {Slug} of site {SiteId} in {Attempts} attempt(s), {TotalTokens} tokens")]
        public static partial void PageGenerated(ILogger logger, Guid siteId, string slug, int attempts, int totalTokens);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Invalid model output for page {Slug} of site {SiteId} (attempt {Attempt}): {Reason}")]
        public static partial void InvalidOutput(ILogger logger, Guid siteId, string slug, int attempt, string reason);
    }
}
