using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Content;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>model-api</c>: a one-token chat completion against the configured OpenAI-compatible endpoint and model. 401/403 fail
/// (key), 404 fails (model), a 429 with <c>insufficient_quota</c> fails (quota), another 429 warns (rate), and the
/// <c>x-ratelimit-remaining-*</c> headers, when present, are reported. This costs one token; it changes nothing.
/// </summary>
public sealed class ModelApiKeyCheck(HttpClient http, ISecretStore secrets, IOptions<ContentGeneratorOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "model-api";

    /// <inheritdoc />
    public Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PreflightProbe>>([new PreflightProbe(Name, "model", ProbeAsync)]);

    private async Task<PreflightOutcome> ProbeAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var keyFix = $"Store a valid API key for {o.BaseUrl.Host} under '{o.ApiKeySecretName}'.";
        if (await secrets.TryGetAsync(o.ApiKeySecretName, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } key)
        {
            return PreflightOutcome.Fail($"Secret '{o.ApiKeySecretName}' is missing.", keyFix);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, o.ChatCompletionsPath))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { model = o.Model, max_tokens = 1, messages = new[] { new { role = "user", content = "ping" } } }),
        };
        if (o.ApiKeyHeader.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(o.ApiKeyHeader, key);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var remaining = Header(response, "x-ratelimit-remaining-requests") is { } r ? $" Remaining: {r} requests, {Header(response, "x-ratelimit-remaining-tokens") ?? "?"} tokens." : string.Empty;
        return status switch
        {
            >= 200 and < 300 => PreflightOutcome.Pass($"Model '{o.Model}' answers.{remaining}"),
            401 or 403 => PreflightOutcome.Fail($"The model API refused the key (HTTP {status}).", keyFix),
            404 => PreflightOutcome.Fail($"Model '{o.Model}' was not found (HTTP 404).", "Set Content:Generator:Model to a model this key may use."),
            429 when ChatErrorClassifier.IsQuotaExhausted(body) => PreflightOutcome.Fail("The model API quota is used up (insufficient_quota).", "Add credit or raise the spending limit of the API account, or use another key."),
            429 => PreflightOutcome.Warn($"The model API is rate-limiting this key right now (HTTP 429).{remaining}", "Lower the batch's concurrency or wait for the rate window to pass."),
            _ => PreflightOutcome.Fail($"The model API answered HTTP {status}.", "Check Content:Generator:BaseUrl and the provider's status page."),
        };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
