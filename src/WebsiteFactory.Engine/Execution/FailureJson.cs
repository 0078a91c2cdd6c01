using System.Text.Json;
using System.Text.Json.Serialization;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>Stores <see cref="TaskFailureDetails"/> and tags as JSON text.</summary>
internal static class FailureJson
{
    public static string? Serialize(TaskFailureDetails? details)
        => details is null ? null : JsonSerializer.Serialize(details, EngineJsonContext.Default.TaskFailureDetails);

    public static TaskFailureDetails? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, EngineJsonContext.Default.TaskFailureDetails);
        }
        catch (JsonException)
        {
            return new TaskFailureDetails("(unreadable)", json);
        }
    }

    public static string? SerializeTags(IReadOnlyDictionary<string, string>? tags)
        => tags is null || tags.Count == 0 ? null : JsonSerializer.Serialize(tags.ToDictionary(), EngineJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> DeserializeTags(string? json)
        => string.IsNullOrEmpty(json) ? new Dictionary<string, string>() : JsonSerializer.Deserialize(json, EngineJsonContext.Default.DictionaryStringString) ?? [];
}

/// <summary>Source-generated serializers for the engine's own metadata.</summary>
[JsonSerializable(typeof(TaskFailureDetails))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
