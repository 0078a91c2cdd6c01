using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Functions.Activities;

/// <summary>
/// Activity triggers of <c>WebsiteFactory.Workflows.Provisioning</c>; each runs the product activity of the same
/// registered name (function names per <see cref="FunctionNames"/>: <c>Provisioning.EnsureZone</c> →
/// <c>Provisioning_EnsureZone</c>).
/// </summary>
/// <param name="workflows">The workflow invoker.</param>
public sealed class ProvisioningActivities(WorkflowInvoker workflows)
{
    /// <summary>Runs <see cref="EnsureZoneActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_EnsureZone")]
    public Task<object?> EnsureZone([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(EnsureZoneActivity.Name, input, context);

    /// <summary>Runs <see cref="UpsertRecordsActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_UpsertRecords")]
    public Task<object?> UpsertRecords([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(UpsertRecordsActivity.Name, input, context);

    /// <summary>Runs <see cref="SetNameserversActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_SetNameservers")]
    public Task<object?> SetNameservers([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(SetNameserversActivity.Name, input, context);

    /// <summary>Runs <see cref="CheckDelegationActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_CheckDelegation")]
    public Task<object?> CheckDelegation([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(CheckDelegationActivity.Name, input, context);

    /// <summary>Runs <see cref="EnsureHostingSiteActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_EnsureHostingSite")]
    public Task<object?> EnsureHostingSite([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(EnsureHostingSiteActivity.Name, input, context);

    /// <summary>Runs <see cref="CheckOriginActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_CheckOrigin")]
    public Task<object?> CheckOrigin([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(CheckOriginActivity.Name, input, context);

    /// <summary>Runs <see cref="InstallCertificateActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_InstallCertificate")]
    public Task<object?> InstallCertificate([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(InstallCertificateActivity.Name, input, context);

    /// <summary>Runs <see cref="EnsureAnalyticsActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_EnsureAnalytics")]
    public Task<object?> EnsureAnalytics([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(EnsureAnalyticsActivity.Name, input, context);

    /// <summary>Runs <see cref="RecordStepFailureActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_RecordStepFailure")]
    public Task<object?> RecordStepFailure([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(RecordStepFailureActivity.Name, input, context);

    /// <summary>Runs <see cref="ResolveBatchSitesActivity"/>.</summary>
    /// <param name="input">The activity input (JSON).</param>
    /// <param name="context">The function context.</param>
    /// <returns>The activity's output.</returns>
    [Function("Provisioning_ResolveBatchSites")]
    public Task<object?> ResolveBatchSites([ActivityTrigger] JsonElement? input, FunctionContext context) =>
        workflows.RunActivityAsync(ResolveBatchSitesActivity.Name, input, context);
}
