namespace WebsiteFactory.Workflows;

/// <summary>
/// The orchestrator code, replayed against its history, issued an action that does not match the recorded one
/// (for example, it now calls activity <c>B</c> where history records <c>A</c>). The instance fails with this error,
/// because continuing would corrupt it; fix the code or version the orchestrator.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    /// <param name="taskId">The task id at which replay diverged.</param>
    /// <param name="expected">The action recorded in history (for example <c>TaskScheduled 'CreateZone'</c>).</param>
    /// <param name="actual">The action the code issued now.</param>
    public NonDeterministicOrchestrationException(int taskId, string expected, string actual)
        : base($"Non-deterministic orchestration detected at task #{taskId}: history expects {expected}, but the code now issued {actual}. " +
               "Orchestrator code must issue the same actions in the same order on every replay; change it only by versioning the orchestrator.")
    {
        this.TaskId = taskId;
        this.Expected = expected;
        this.Actual = actual;
    }

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    public NonDeterministicOrchestrationException()
        : this("Non-deterministic orchestration detected.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
        this.TaskId = -1;
        this.Expected = string.Empty;
        this.Actual = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="NonDeterministicOrchestrationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NonDeterministicOrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.TaskId = -1;
        this.Expected = string.Empty;
        this.Actual = string.Empty;
    }

    /// <summary>Gets the task id at which replay diverged.</summary>
    public int TaskId { get; }

    /// <summary>Gets the recorded action.</summary>
    public string Expected { get; }

    /// <summary>Gets the action the code issued.</summary>
    public string Actual { get; }
}
