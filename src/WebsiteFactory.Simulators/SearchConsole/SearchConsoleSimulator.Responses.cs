using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>Request bodies and Google's error envelopes.</summary>
public sealed partial class SearchConsoleSimulator
{
    private static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Google's error for an answer no handler wrote. Google's API front end routes by method and path together, so an
    /// unknown path and a wrong method are both 404 <c>NOT_FOUND</c>; the OAuth token endpoint answers in OAuth's shape.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status)
    {
        if (http.Request.Path.Value?.EndsWith("/token", StringComparison.Ordinal) == true && !http.Request.Path.Value.Contains("/siteVerification/", StringComparison.Ordinal))
        {
            return OAuthError(status == 405 ? 405 : 400, "invalid_request", $"{http.Request.Method} is not supported; POST a form.");
        }

        return status switch
        {
            404 or 405 => GoogleError(404, "NOT_FOUND", "notFound", "Method not found."),
            >= 500 => GoogleError(status, "INTERNAL", "backendError", "Internal error encountered."),
            _ => GoogleError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received."),
        };
    }

    private static IResult Unauthenticated() =>
        GoogleError(401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token.");

    private static IResult GoogleError(int code, string status, string reason, string message) =>
        Results.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["status"] = status,
                ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = reason, ["message"] = message }),
            },
        }, statusCode: code);

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
