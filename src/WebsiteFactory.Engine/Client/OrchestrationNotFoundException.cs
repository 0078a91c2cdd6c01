namespace WebsiteFactory.Engine;

/// <summary>No orchestration instance has the given id (HTTP 404 on the management API).</summary>
public sealed class OrchestrationNotFoundException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationNotFoundException"/> class for an instance id.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="operation">What was attempted.</param>
    public OrchestrationNotFoundException(string instanceId, string operation)
        : base($"Cannot {operation}: no orchestration instance with id '{instanceId}' exists.")
    {
        this.InstanceId = instanceId;
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationNotFoundException"/> class.</summary>
    public OrchestrationNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationNotFoundException"/> class.</summary>
    /// <param name="message">The message.</param>
    public OrchestrationNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationNotFoundException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OrchestrationNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the instance id.</summary>
    public string? InstanceId { get; }
}
