using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>What executors share: registrations, services, serialization, limits.</summary>
internal sealed class ExecutorEnvironment(WorkflowCatalog catalog, IServiceProvider services, DataConverter converter, ILoggerFactory loggerFactory, int maxPayloadBytes)
{
    public WorkflowCatalog Catalog { get; } = catalog;

    public IServiceProvider Services { get; } = services;

    public DataConverter Converter { get; } = converter;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public int MaxPayloadBytes { get; } = maxPayloadBytes;

    /// <summary>Serializes a value, enforcing JSON-serializability and the size cap with clear errors.</summary>
    public byte[]? Serialize(object? value, string what)
    {
        byte[]? bytes;
        try
        {
            bytes = this.Converter.SerializeToUtf8Bytes(value);
        }
        catch (Exception e) when (e is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"{what} is not JSON-serializable ({value?.GetType().Name}): {e.Message}", e);
        }

        if (bytes is not null && bytes.Length > this.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, bytes.Length, this.MaxPayloadBytes);
        }

        return bytes;
    }
}
