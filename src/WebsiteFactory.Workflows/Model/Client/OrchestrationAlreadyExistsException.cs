namespace WebsiteFactory.Workflows;

/// <summary>Starting an orchestration failed because an instance with that id exists in a blocking status (HTTP 409).</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="existingStatus">The existing instance's status.</param>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus existingStatus)
        : base($"An orchestration instance with id '{instanceId}' already exists and is {existingStatus}.")
    {
        this.InstanceId = instanceId;
        this.ExistingStatus = existingStatus;
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    public OrchestrationAlreadyExistsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    /// <param name="message">The message.</param>
    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the instance id.</summary>
    public string? InstanceId { get; }

    /// <summary>Gets the existing instance's status.</summary>
    public OrchestrationRuntimeStatus? ExistingStatus { get; }
}
