using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Instance tags as stored in <c>instances.tags</c>: a JSON object of strings.</summary>
internal static class TagsJson
{
    public static string? Serialize(IReadOnlyDictionary<string, string>? tags)
        => tags is null || tags.Count == 0 ? null : JsonSerializer.Serialize(tags.ToDictionary(t => t.Key, t => t.Value), TagsJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> Deserialize(string? json)
        => string.IsNullOrEmpty(json) ? new Dictionary<string, string>() : JsonSerializer.Deserialize(json, TagsJsonContext.Default.DictionaryStringString) ?? [];
}

/// <summary>Source-generated JSON metadata for <see cref="TagsJson"/>.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TagsJsonContext : JsonSerializerContext;
