using Dt = Microsoft.DurableTask;
using DtClient = Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Durable;

/// <summary>
/// Value conversions between the product's programming model (<c>WebsiteFactory.Workflows</c>) and the Durable Task
/// SDK (<c>Microsoft.DurableTask</c>). The two mirror each other member for member, so these are field copies.
/// </summary>
internal static class DurableConversions
{
    /// <summary>Copies SDK failure details, with their inner failures, into the product's record.</summary>
    public static TaskFailureDetails ToProduct(Dt.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? ToProduct(inner) : null);

    /// <summary>
    /// Rethrows an SDK task failure as the product's <see cref="TaskFailedException"/>, which is what orchestrator code
    /// catches on both engines.
    /// </summary>
    public static TaskFailedException ToProduct(Dt.TaskFailedException exception) =>
        new(exception.TaskName, exception.TaskId, ToProduct(exception.FailureDetails));

    /// <summary>Maps a retry policy; the failure predicate sees product failure details.</summary>
    public static Dt.RetryPolicy ToDurable(RetryPolicy policy)
    {
        if (policy.HandleFailure is { } handle)
        {
            return new Dt.RetryPolicy(
                policy.MaxNumberOfAttempts,
                policy.FirstRetryInterval,
                policy.BackoffCoefficient,
                policy.MaxRetryInterval,
                policy.RetryTimeout)
            {
                HandleFailure = failure => handle(ToProduct(failure)),
            };
        }

        return new Dt.RetryPolicy(
            policy.MaxNumberOfAttempts,
            policy.FirstRetryInterval,
            policy.BackoffCoefficient,
            policy.MaxRetryInterval,
            policy.RetryTimeout);
    }

    /// <summary>Maps an SDK runtime status. <c>Canceled</c> is never produced by Durable Functions; it reads as Terminated.</summary>
    public static OrchestrationRuntimeStatus ToProduct(DtClient.OrchestrationRuntimeStatus status) => status switch
    {
        DtClient.OrchestrationRuntimeStatus.Running => OrchestrationRuntimeStatus.Running,
        DtClient.OrchestrationRuntimeStatus.Completed => OrchestrationRuntimeStatus.Completed,
        DtClient.OrchestrationRuntimeStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        DtClient.OrchestrationRuntimeStatus.Failed => OrchestrationRuntimeStatus.Failed,
        DtClient.OrchestrationRuntimeStatus.Pending => OrchestrationRuntimeStatus.Pending,
        DtClient.OrchestrationRuntimeStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => OrchestrationRuntimeStatus.Terminated,
    };

    /// <summary>Maps a product runtime status to the SDK's.</summary>
    public static DtClient.OrchestrationRuntimeStatus ToDurable(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => DtClient.OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => DtClient.OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => DtClient.OrchestrationRuntimeStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => DtClient.OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Pending => DtClient.OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => DtClient.OrchestrationRuntimeStatus.Suspended,
        _ => DtClient.OrchestrationRuntimeStatus.Terminated,
    };

    /// <summary>Maps instance metadata; the serialized payloads are read with the product's converter.</summary>
    public static OrchestrationMetadata ToProduct(DtClient.OrchestrationMetadata metadata, DataConverter converter) =>
        new(metadata.Name, metadata.InstanceId)
        {
            RuntimeStatus = ToProduct(metadata.RuntimeStatus),
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            SerializedInput = metadata.SerializedInput,
            SerializedOutput = metadata.SerializedOutput,
            SerializedCustomStatus = metadata.SerializedCustomStatus,
            FailureDetails = metadata.FailureDetails is { } failure ? ToProduct(failure) : null,
            Tags = metadata.Tags,
            DataConverter = converter,
        };

    /// <summary>Copies metadata under another name (the registered workflow name instead of the function name).</summary>
    public static OrchestrationMetadata Renamed(OrchestrationMetadata metadata, string name) =>
        new(name, metadata.InstanceId)
        {
            Version = metadata.Version,
            RuntimeStatus = metadata.RuntimeStatus,
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            CompletedAt = metadata.CompletedAt,
            SerializedInput = metadata.SerializedInput,
            SerializedOutput = metadata.SerializedOutput,
            SerializedCustomStatus = metadata.SerializedCustomStatus,
            FailureDetails = metadata.FailureDetails,
            Tags = metadata.Tags,
            ParentInstanceId = metadata.ParentInstanceId,
            DataConverter = metadata.DataConverter,
        };

    /// <summary>
    /// Maps the common fields of a DTFx history event. Event-specific fields (names, inputs, results) stay empty here:
    /// on Azure the portal, Application Insights and Durable Functions Monitor show the full history.
    /// </summary>
    public static HistoryEvent ToProduct(global::DurableTask.Core.History.HistoryEvent historyEvent, int sequence) => new()
    {
        Sequence = sequence,
        EventType = Enum.TryParse(historyEvent.EventType.ToString(), out HistoryEventType type) ? type : HistoryEventType.GenericEvent,
        Timestamp = new DateTimeOffset(DateTime.SpecifyKind(historyEvent.Timestamp, DateTimeKind.Utc)),
        TaskId = historyEvent.EventId >= 0 ? historyEvent.EventId : null,
    };
}
