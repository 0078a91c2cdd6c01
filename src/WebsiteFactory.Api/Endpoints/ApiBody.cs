using System.Text.Json;
using WebsiteFactory.Api.Problems;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Reads a JSON request body and turns malformed input into a field-level 400 instead of an exception.</summary>
public static class ApiBody
{
    /// <summary>Deserializes the body.</summary>
    /// <typeparam name="T">The request type.</typeparam>
    /// <param name="request">The request.</param>
    /// <returns>The value, or the problem to return.</returns>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, request.HttpContext.RequestAborted);
            return value is null ? (null, ApiProblems.Validation("body", "The request body is empty.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ApiProblems.Validation(field, "The value has the wrong type or the JSON is malformed" + (e.LineNumber is { } l ? $" (line {l + 1})." : ".")));
        }
    }
}
