using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Content;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>model-api</c>: the read-only, unbilled <c>GET {prefix}/models</c> of the OpenAI-compatible endpoint (the
/// <see cref="ContentGeneratorOptions.ChatCompletionsPath"/> with <c>chat/completions</c> replaced by <c>models</c>). 401/403
/// fail (key); a list without the configured model warns (Azure-style deployment names are often not listed); 429 with <c>insufficient_quota</c> fails (quota), another
/// 429 warns (rate).
/// </summary>
/// <remarks>
/// A chat completion would also show the remaining rate budget, but it is billed and would consume faults a test scripts
/// for the pipeline; pre-flight makes read-only calls only. A spent quota therefore shows only when the provider already
/// refuses the list with <c>insufficient_quota</c>.
/// </remarks>
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

        var path = o.ChatCompletionsPath.EndsWith("chat/completions", StringComparison.Ordinal)
            ? o.ChatCompletionsPath[..^"chat/completions".Length] + "models"
            : "v1/models";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.BaseUrl, path));
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
        return status switch
        {
            >= 200 and < 300 => Listed(body, o.Model),
            401 or 403 => PreflightOutcome.Fail($"The model API refused the key (HTTP {status}).", keyFix),
            429 when ChatErrorClassifier.IsQuotaExhausted(body) => PreflightOutcome.Fail("The model API quota is used up (insufficient_quota).", "Add credit or raise the spending limit of the API account, or use another key."),
            429 => PreflightOutcome.Warn("The model API is rate-limiting this key right now (HTTP 429).", "Lower the batch's concurrency or wait for the rate window to pass."),
            // Some OpenAI-compatible servers have no model list; the key could not be proven either way.
            404 or 405 => PreflightOutcome.Warn($"The endpoint has no model list (HTTP {status}); the key is unproven.", "Make sure Content:Generator:BaseUrl, ChatCompletionsPath and the key work with a manual request."),
            >= 500 => PreflightOutcome.Warn($"The model API answered HTTP {status}.", "Run pre-flight again; content generation retries outages on its own."),
            _ => PreflightOutcome.Fail($"The model API answered HTTP {status}.", "Check Content:Generator:BaseUrl and the provider's status page."),
        };
    }

    private static PreflightOutcome Listed(string body, string model)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                var ids = data.EnumerateArray().Select(m => m.TryGetProperty("id", out var id) ? id.GetString() : null).ToList();
                return ids.Contains(model, StringComparer.Ordinal)
                    ? PreflightOutcome.Pass($"The key is accepted and model '{model}' is available.")
                    : PreflightOutcome.Warn($"The key is accepted, but model '{model}' is not among the {ids.Count} it lists (deployment names often are not).", "Check that Content:Generator:Model names a model or deployment this key may use.");
            }
        }
        catch (JsonException)
        {
            // Not a model list: fall through.
        }

        return PreflightOutcome.Pass("The key is accepted.");
    }
}
