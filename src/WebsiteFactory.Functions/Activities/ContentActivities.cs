using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Content.Activities;

namespace WebsiteFactory.Functions.Activities;

/// <summary>
/// Activity triggers of <c>WebsiteFactory.Workflows.Content</c>; each runs the product activity of the same registered name (function
/// names per <see cref="FunctionNames.ForActivity"/>).
/// <c>Content.RollbackSite</c> names both an orchestrator and an activity, so the activity runs as
/// <c>Content_RollbackSite_Activity</c>.
/// </summary>
/// <param name="workflows">The workflow invoker.</param>
public sealed class ContentActivities(WorkflowInvoker workflows)
{
    /// <summary>Runs <see cref="GenerateContentActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_GenerateContent")]
    public Task<object?> GenerateContent([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(GenerateContentActivity.Name, input, context);

    /// <summary>Runs <see cref="BuildSiteActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_BuildSite")]
    public Task<object?> BuildSite([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(BuildSiteActivity.Name, input, context);

    /// <summary>Runs <see cref="DeploySiteActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_DeploySite")]
    public Task<object?> DeploySite([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(DeploySiteActivity.Name, input, context);

    /// <summary>Runs <see cref="RollbackSiteActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_RollbackSite_Activity")]
    public Task<object?> RollbackSite([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(RollbackSiteActivity.Name, input, context);

    /// <summary>Runs <see cref="PublishVerificationTokenActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_PublishVerificationToken")]
    public Task<object?> PublishVerificationToken([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(PublishVerificationTokenActivity.Name, input, context);

    /// <summary>Runs <see cref="ConfirmVerificationActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_ConfirmVerification")]
    public Task<object?> ConfirmVerification([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(ConfirmVerificationActivity.Name, input, context);

    /// <summary>Runs <see cref="RecordContentFailureActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Content_RecordFailure")]
    public Task<object?> RecordFailure([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(RecordContentFailureActivity.Name, input, context);
}
