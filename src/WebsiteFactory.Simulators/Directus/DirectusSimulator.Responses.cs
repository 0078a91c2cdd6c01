using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Directus;

/// <summary>Request bodies and Directus's response envelopes ({ data } and { errors }).</summary>
public sealed partial class DirectusSimulator
{
    private static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Data(JsonNode? data) =>
        Results.Text(new JsonObject { ["data"] = data }.ToJsonString(), "application/json", null, 200);

    /// <summary>
    /// Directus's error for an answer no handler wrote: like Directus (an Express app) a wrong method is just another
    /// unknown route, 404 <c>ROUTE_NOT_FOUND</c>.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status)
    {
        var path = http.Request.Path.StartsWithSegments("/directus", out var rest) ? rest : http.Request.Path;
        return status switch
        {
            404 or 405 => Error(404, "ROUTE_NOT_FOUND", $"Route {path} doesn't exist."),
            415 => Error(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type."),
            >= 500 => Error(status, "INTERNAL_SERVER_ERROR", "An unexpected error occurred."),
            _ => Error(400, "INVALID_PAYLOAD", "Invalid payload."),
        };
    }

    private static IResult Forbidden() => Error(403, "FORBIDDEN", "You don't have permission to access this.");

    private static IResult Error(int status, string code, string message, JsonObject? extra = null)
    {
        var ext = new JsonObject { ["code"] = code };
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                ext[k] = v?.DeepClone();
            }
        }

        var body = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = ext }) };
        return Results.Text(body.ToJsonString(), "application/json", null, status);
    }
}
