using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Functions.Orchestrations;

/// <summary>Orchestration triggers of <c>WebsiteFactory.Workflows.Analytics</c>; each runs the product orchestrator.</summary>
/// <param name="workflows">The workflow invoker.</param>
/// <param name="services">The invocation's services.</param>
public sealed class AnalyticsOrchestrations(WorkflowInvoker workflows, IServiceProvider services)
{
    /// <summary>Runs <see cref="NightlyAnalytics"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The orchestrator's output.</returns>
    [Function("Analytics_Nightly")]
    public Task<object?> RunNightlyAnalytics([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflows.RunOrchestratorAsync(NightlyAnalytics.Name, context, services);
}
