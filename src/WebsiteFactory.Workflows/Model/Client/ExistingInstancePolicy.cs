namespace WebsiteFactory.Workflows;

/// <summary>What <see cref="IWorkflowClient.ScheduleNewOrchestrationInstanceAsync"/> does when an instance with the id exists in a blocking status.</summary>
public enum ExistingInstancePolicy
{
    /// <summary>Throw <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    Reject = 0,

    /// <summary>Start nothing and return the existing instance's id (idempotent start).</summary>
    ReturnExisting = 1,
}
