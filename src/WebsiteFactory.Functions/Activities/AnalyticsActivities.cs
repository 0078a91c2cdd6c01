using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Analytics.Activities;

namespace WebsiteFactory.Functions.Activities;

/// <summary>
/// Activity triggers of <c>WebsiteFactory.Workflows.Analytics</c>; each runs the product activity of the same registered name (function
/// names per <see cref="FunctionNames.ForActivity"/>).
/// </summary>
/// <param name="workflows">The workflow invoker.</param>
public sealed class AnalyticsActivities(WorkflowInvoker workflows)
{
    /// <summary>Runs <see cref="ListAnalyticsSitesActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Analytics_ListSites")]
    public Task<object?> ListSites([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(ListAnalyticsSitesActivity.Name, input, context);

    /// <summary>Runs <see cref="CollectAnalyticsActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Analytics_Collect")]
    public Task<object?> Collect([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(CollectAnalyticsActivity.Name, input, context);
}
