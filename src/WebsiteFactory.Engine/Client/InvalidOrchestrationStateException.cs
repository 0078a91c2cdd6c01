using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Engine;

/// <summary>
/// A management operation is not allowed in the instance's current status: for example rewinding an instance that
/// has not failed, purging or restarting a running one, or raising an event on a finished one (HTTP 409/410).
/// Nothing was changed.
/// </summary>
public sealed class InvalidOrchestrationStateException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidOrchestrationStateException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="status">The instance's status.</param>
    /// <param name="operation">What was attempted.</param>
    /// <param name="allowed">A description of the statuses that allow the operation.</param>
    public InvalidOrchestrationStateException(string instanceId, OrchestrationRuntimeStatus status, string operation, string allowed)
        : base($"Cannot {operation} orchestration instance '{instanceId}': it is {status}; only {allowed} instances allow it.")
    {
        this.InstanceId = instanceId;
        this.Status = status;
        this.Operation = operation;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidOrchestrationStateException"/> class.</summary>
    public InvalidOrchestrationStateException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidOrchestrationStateException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InvalidOrchestrationStateException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidOrchestrationStateException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidOrchestrationStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the instance id.</summary>
    public string? InstanceId { get; }

    /// <summary>Gets the instance's status.</summary>
    public OrchestrationRuntimeStatus? Status { get; }

    /// <summary>Gets the attempted operation.</summary>
    public string? Operation { get; }
}
