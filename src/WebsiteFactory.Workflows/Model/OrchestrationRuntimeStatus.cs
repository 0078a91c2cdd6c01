namespace WebsiteFactory.Workflows;

/// <summary>
/// The runtime status of an orchestration instance. Names and numeric values match
/// <c>Microsoft.DurableTask.Client.OrchestrationRuntimeStatus</c> (value 4, <c>Canceled</c>, is unused there and here).
/// </summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Started and not finished.</summary>
    Running = 0,

    /// <summary>Finished successfully.</summary>
    Completed = 1,

    /// <summary>Restarted itself with <see cref="IOrchestrationContext.ContinueAsNew"/> (transient).</summary>
    ContinuedAsNew = 2,

    /// <summary>Finished with an unhandled failure.</summary>
    Failed = 3,

    /// <summary>Stopped by a client.</summary>
    Terminated = 5,

    /// <summary>Scheduled, not yet started.</summary>
    Pending = 6,

    /// <summary>Paused by a client; resumes with <see cref="IWorkflowClient.ResumeInstanceAsync"/>.</summary>
    Suspended = 7,
}
