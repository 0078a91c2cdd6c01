using System.Text;

namespace WebsiteFactory.Workflows;

/// <summary>Converts inputs, outputs, events and custom status to and from their stored JSON form.</summary>
/// <remarks>Engines store payloads as UTF-8 JSON; override the UTF-8 members to avoid the string round trip.</remarks>
public abstract class DataConverter
{
    /// <summary>Serializes a value to JSON text (<see langword="null"/> stays <see langword="null"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>JSON text, or <see langword="null"/>.</returns>
    public abstract string? Serialize(object? value);

    /// <summary>Deserializes JSON text.</summary>
    /// <param name="data">JSON text, or <see langword="null"/>.</param>
    /// <param name="targetType">The type to produce.</param>
    /// <returns>The value.</returns>
    public abstract object? Deserialize(string? data, Type targetType);

    /// <summary>Serializes a value to UTF-8 JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>UTF-8 JSON, or <see langword="null"/> for a null value.</returns>
    public virtual byte[]? SerializeToUtf8Bytes(object? value) => this.Serialize(value) is { } text ? Encoding.UTF8.GetBytes(text) : null;

    /// <summary>Deserializes UTF-8 JSON.</summary>
    /// <param name="utf8Json">UTF-8 JSON; empty means <see langword="null"/>.</param>
    /// <param name="targetType">The type to produce.</param>
    /// <returns>The value.</returns>
    public virtual object? Deserialize(ReadOnlySpan<byte> utf8Json, Type targetType)
        => this.Deserialize(utf8Json.IsEmpty ? null : Encoding.UTF8.GetString(utf8Json), targetType);

    /// <summary>Deserializes JSON text.</summary>
    /// <typeparam name="T">The type to produce.</typeparam>
    /// <param name="data">JSON text, or <see langword="null"/>.</param>
    /// <returns>The value.</returns>
    public T? Deserialize<T>(string? data) => (T?)this.Deserialize(data, typeof(T));
}
