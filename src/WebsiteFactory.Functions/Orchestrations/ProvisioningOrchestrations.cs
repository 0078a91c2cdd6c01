using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Functions.Orchestrations;

/// <summary>Orchestration triggers of <c>WebsiteFactory.Workflows.Provisioning</c>; each runs the product orchestrator.</summary>
/// <param name="workflows">The workflow invoker.</param>
/// <param name="services">The invocation's services.</param>
public sealed class ProvisioningOrchestrations(WorkflowInvoker workflows, IServiceProvider services)
{
    /// <summary>Runs <see cref="ProvisionSite"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("ProvisionSite")]
    public Task<object?> RunProvisionSite([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(ProvisionSite.Name, context, services);

    /// <summary>Runs <see cref="ProvisionBatch"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("ProvisionBatch")]
    public Task<object?> RunProvisionBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(ProvisionBatch.Name, context, services);
}
