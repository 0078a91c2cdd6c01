using System.Text;
using Azure.Core.Serialization;
using Microsoft.DurableTask;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions;

/// <summary>
/// The worker's <see cref="ObjectSerializer"/> over the product's payload converter
/// (<see cref="WorkflowSerialization.Converter"/>), so the task hub holds the same JSON as the embedded engine's tables.
/// </summary>
/// <remarks>
/// The Durable Task extension builds its <see cref="DataConverter"/> from <c>WorkerOptions.Serializer</c> and ignores
/// any other (activity trigger inputs are read with that serializer directly), so this is the one place that decides how
/// orchestration inputs, outputs, custom status and activity payloads are written on Azure.
/// </remarks>
/// <param name="converter">The product's converter.</param>
public sealed class WorkflowObjectSerializer(DataConverter converter) : ObjectSerializer
{
    /// <summary>Gets the serializer over <see cref="WorkflowSerialization.Converter"/>.</summary>
    public static WorkflowObjectSerializer Instance { get; } = new(WorkflowSerialization.Converter);

    /// <inheritdoc/>
    public override object? Deserialize(Stream stream, Type returnType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return converter.Deserialize(reader.ReadToEnd(), returnType);
    }

    /// <inheritdoc/>
    public override async ValueTask<object?> DeserializeAsync(Stream stream, Type returnType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return converter.Deserialize(await reader.ReadToEndAsync(cancellationToken), returnType);
    }

    /// <inheritdoc/>
    public override void Serialize(Stream stream, object? value, Type inputType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(this.Utf8(value));
    }

    /// <inheritdoc/>
    public override async ValueTask SerializeAsync(Stream stream, object? value, Type inputType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(this.Utf8(value), cancellationToken);
    }

    private byte[] Utf8(object? value) => Encoding.UTF8.GetBytes(converter.Serialize(value) ?? "null");
}
