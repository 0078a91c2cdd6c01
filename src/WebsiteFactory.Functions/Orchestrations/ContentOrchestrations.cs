using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Functions.Orchestrations;

/// <summary>Orchestration triggers of <c>WebsiteFactory.Workflows.Content</c>; each runs the product orchestrator.</summary>
/// <param name="workflows">The workflow invoker.</param>
/// <param name="services">The invocation's services.</param>
public sealed class ContentOrchestrations(WorkflowInvoker workflows, IServiceProvider services)
{
    /// <summary>Runs <see cref="PublishSite"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("Content_PublishSite")]
    public Task<object?> RunPublishSite([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(PublishSite.Name, context, services);

    /// <summary>Runs <see cref="RegenerateContent"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("Content_RegenerateContent")]
    public Task<object?> RunRegenerateContent([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(RegenerateContent.Name, context, services);

    /// <summary>Runs <see cref="Redeploy"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("Content_Redeploy")]
    public Task<object?> RunRedeploy([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(Redeploy.Name, context, services);

    /// <summary>Runs <see cref="RollbackSite"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("Content_RollbackSite")]
    public Task<object?> RunRollbackSite([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(RollbackSite.Name, context, services);
}
