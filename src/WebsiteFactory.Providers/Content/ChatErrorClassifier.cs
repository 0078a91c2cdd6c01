using System.Globalization;
using System.Net;
using System.Text.Json;
using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Providers.Content;

/// <summary>Translates OpenAI-style error responses (<c>{"error":{message,type,param,code}}</c>) into <see cref="ProviderException"/>.</summary>
internal static class ChatErrorClassifier
{
    private const string Provider = "openai";

    /// <summary>True for a 429 that must not be retried: the account is out of quota, waiting does not help.</summary>
    public static bool IsQuotaExhausted(string body) =>
        body.Contains("insufficient_quota", StringComparison.Ordinal);

    public static ProviderException ToException(HttpResponseMessage response, string body)
    {
        var (code, type, message) = ReadError(body);
        var status = (int)response.StatusCode;
        var vendorCode = code ?? type;
        var text = $"Chat completions API answered {status}{(vendorCode is null ? "" : $" ({vendorCode})")}: {message ?? response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return IsQuotaExhausted(body) || code == "insufficient_quota" || type == "insufficient_quota"
                ? new ProviderException(Provider, ProviderErrorKind.Permanent, "The API account has no quota left (insufficient_quota); add credit or raise the limit.", vendorCode: "insufficient_quota")
                : new ProviderException(Provider, ProviderErrorKind.RateLimited, text, RetryAfter(response) ?? TimeSpan.FromSeconds(20), vendorCode);
        }

        return status switch
        {
            408 or >= 500 => new ProviderException(Provider, ProviderErrorKind.Transient, text, vendorCode: vendorCode),
            401 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"The API key was rejected (401{(vendorCode is null ? "" : ", " + vendorCode)}).", vendorCode: vendorCode),
            _ => new ProviderException(Provider, ProviderErrorKind.Permanent, text, vendorCode: vendorCode),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        return ra?.Date is { } date ? date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null;
    }

    private static (string? Code, string? Type, string? Message) ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                return (Str(e, "code"), Str(e, "type"), Str(e, "message"));
            }
        }
        catch (JsonException)
        {
            // Proxies answer with HTML; the status code still classifies the error.
        }

        return (null, null, null);
    }

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        return s is null ? null : s.Length <= 300 ? s : s[..297] + "...";
    }
}
