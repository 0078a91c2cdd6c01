using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Api.Management;

/// <summary>JSON conventions of the Durable Functions management API (camelCase status objects, PascalCase history items).</summary>
public static class ManagementJson
{
    /// <summary>The serializer options (names are set explicitly on every DTO).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    /// <summary>Formats a status timestamp: UTC, whole seconds (<c>yyyy-MM-ddTHH:mm:ssZ</c>).</summary>
    /// <param name="value">The time.</param>
    /// <returns>The text.</returns>
    public static string StatusTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a history timestamp: ISO 8601 UTC with 7 fractional digits.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The text.</returns>
    public static string HistoryTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Turns stored payload text into a JSON value with secrets redacted: JSON text is parsed (a non-JSON string comes back
    /// as a JSON string), null stays null.
    /// </summary>
    /// <param name="text">The stored text.</param>
    /// <returns>The JSON node.</returns>
    public static JsonNode? Payload(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var redacted = SecretRedactor.Redact(text)!;
        try
        {
            return JsonNode.Parse(redacted);
        }
        catch (JsonException)
        {
            return JsonValue.Create(redacted);
        }
    }
}
