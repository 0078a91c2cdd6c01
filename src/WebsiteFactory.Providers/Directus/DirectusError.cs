using System.Net;
using System.Text.Json;
using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Providers.Directus;

/// <summary>Translates the Directus error envelope (<c>{"errors":[{message, extensions:{code}}]}</c>) into <see cref="ProviderException"/>.</summary>
internal static class DirectusError
{
    public const string Provider = "directus";

    public static (string? Code, string? Message) Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                var message = first.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var code = first.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object
                    && ext.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                return (code, message);
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: classify by status alone.
        }

        return (null, null);
    }

    public static ProviderException ToException(HttpStatusCode status, string body, string what)
    {
        var (code, message) = Read(body);
        var text = $"Directus {what} failed ({(int)status}{(code is null ? "" : " " + code)}): {Shorten(message ?? status.ToString())}";
        return code switch
        {
            "RECORD_NOT_UNIQUE" => new ProviderException(Provider, ProviderErrorKind.AlreadyExists, text, vendorCode: code),
            "REQUESTS_EXCEEDED" => new ProviderException(Provider, ProviderErrorKind.RateLimited, text, TimeSpan.FromSeconds(5), code),
            "SERVICE_UNAVAILABLE" or "INTERNAL_SERVER_ERROR" => new ProviderException(Provider, ProviderErrorKind.Transient, text, vendorCode: code),
            "INVALID_CREDENTIALS" or "INVALID_TOKEN" or "TOKEN_EXPIRED" =>
                new ProviderException(Provider, ProviderErrorKind.Permanent, $"Directus rejected the token ({code}); check the secret named in Content:Directus:TokenSecretName.", vendorCode: code),
            // Directus answers FORBIDDEN both for missing permissions and for items that do not exist.
            "FORBIDDEN" => new ProviderException(Provider, ProviderErrorKind.Permanent, text + " (the item does not exist or the token's role may not access it)", vendorCode: code),
            not null => new ProviderException(Provider, ProviderErrorKind.Permanent, text, vendorCode: code),
            _ when status == HttpStatusCode.TooManyRequests => new ProviderException(Provider, ProviderErrorKind.RateLimited, text, TimeSpan.FromSeconds(5)),
            _ when (int)status >= 500 || status == HttpStatusCode.RequestTimeout => new ProviderException(Provider, ProviderErrorKind.Transient, text),
            _ => new ProviderException(Provider, ProviderErrorKind.Permanent, text),
        };
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..297] + "...";
}
