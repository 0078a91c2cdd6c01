namespace WebsiteFactory.Workflows;

/// <summary>Identifies the parent of a sub-orchestration.</summary>
/// <param name="Name">The parent orchestrator's name.</param>
/// <param name="InstanceId">The parent's instance id.</param>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId);
