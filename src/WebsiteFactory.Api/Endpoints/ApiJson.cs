using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>JSON conventions of the <c>/api</c> routes: snake_case names (the same names as the database columns, CSV headers and validation errors) and enums as snake_case strings.</summary>
public static class ApiJson
{
    /// <summary>The options, shared with the HTTP JSON options.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the conventions to options.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns>The same options.</returns>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        return options;
    }
}
