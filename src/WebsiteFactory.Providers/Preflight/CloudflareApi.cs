using System.Net.Http.Headers;
using System.Text.Json;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>One read-only Cloudflare GET for pre-flight: the envelope's <c>success</c>, first error and <c>result</c>/<c>result_info</c>.</summary>
internal static class CloudflareApi
{
    public static async Task<(bool Success, int Status, int Code, string Message, JsonElement Result, JsonElement Info)> GetAsync(
        HttpClient http, string token, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        JsonElement root;
        try
        {
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (false, status, 0, $"HTTP {status} without a Cloudflare envelope", default, default);
        }

        var success = root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
        var (code, message) = (0, string.Empty);
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            code = first.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
            message = first.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        }

        return (success, status, code, message,
            root.TryGetProperty("result", out var r) ? r : default,
            root.TryGetProperty("result_info", out var i) ? i : default);
    }
}
