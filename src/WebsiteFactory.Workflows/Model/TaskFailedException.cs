namespace WebsiteFactory.Workflows;

/// <summary>
/// Thrown into orchestrator code when an activity or sub-orchestration fails (mirrors
/// <c>Microsoft.DurableTask.TaskFailedException</c>). <see cref="FailureDetails"/> describes the original exception,
/// which ran elsewhere and is not rethrown as such.
/// </summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    /// <param name="taskName">The activity or orchestrator name.</param>
    /// <param name="taskId">The task's id in history.</param>
    /// <param name="failureDetails">The failure.</param>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        this.TaskName = taskName;
        this.TaskId = taskId;
        this.FailureDetails = failureDetails;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException()
        : this("(unknown)", -1, new TaskFailureDetails("(unknown)", "(unknown)"))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TaskFailedException(string message)
        : base(message)
    {
        this.TaskName = "(unknown)";
        this.TaskId = -1;
        this.FailureDetails = new TaskFailureDetails(typeof(TaskFailedException).FullName!, message);
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.TaskName = "(unknown)";
        this.TaskId = -1;
        this.FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    /// <summary>Gets the name of the failed activity or orchestrator.</summary>
    public string TaskName { get; }

    /// <summary>Gets the task's id in history.</summary>
    public int TaskId { get; }

    /// <summary>Gets the details of the failure.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
