using System.Text.Json;

namespace WebsiteFactory.Workflows;

/// <summary>
/// The default <see cref="DataConverter"/>: System.Text.Json with configurable options (web defaults: camelCase).
/// Add a source-generated <c>JsonSerializerContext</c> to <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>
/// for reflection-free serialization.
/// </summary>
public sealed class JsonDataConverter : DataConverter
{
    /// <summary>Initializes a new instance of the <see cref="JsonDataConverter"/> class.</summary>
    /// <param name="options">Serializer options; <see langword="null"/> uses <see cref="JsonSerializerDefaults.Web"/>.</param>
    public JsonDataConverter(JsonSerializerOptions? options = null)
    {
        this.Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>Gets a shared converter with web defaults.</summary>
    public static JsonDataConverter Default { get; } = new();

    /// <summary>Gets the serializer options.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc/>
    public override string? Serialize(object? value)
        => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), this.Options);

    /// <inheritdoc/>
    public override object? Deserialize(string? data, Type targetType)
        => string.IsNullOrEmpty(data) ? null : JsonSerializer.Deserialize(data, targetType, this.Options);

    /// <inheritdoc/>
    public override byte[]? SerializeToUtf8Bytes(object? value)
        => value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), this.Options);

    /// <inheritdoc/>
    public override object? Deserialize(ReadOnlySpan<byte> utf8Json, Type targetType)
        => utf8Json.IsEmpty ? null : JsonSerializer.Deserialize(utf8Json, targetType, this.Options);
}
