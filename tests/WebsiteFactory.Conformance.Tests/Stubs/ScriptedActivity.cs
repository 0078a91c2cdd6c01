using System.Text.Json;
using Microsoft.DurableTask;
using WebsiteFactory.Conformance.Tests.Recording;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>
/// A stub registered under an activity's name: follows the scenario's <see cref="StubScript"/> and records every execution
/// (input as the orchestrator serialized it, attempt, outcome) in the host's <see cref="HostRecorder"/>.
/// </summary>
/// <remarks>The input type is <see cref="JsonElement"/>, so the recorded input is the payload JSON as sent, not a re-serialized product type.</remarks>
internal sealed class ScriptedActivity(string name, ScriptBook book, HostRecorder recorder, StubGates gates) : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(JsonElement);

    /// <inheritdoc />
    public Type OutputType => typeof(object);

    /// <inheritdoc />
    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        var raw = input is JsonElement e ? e.GetRawText() : "null";
        var (token, script) = book.Find(context.InstanceId);
        var attempt = recorder.ExecutionStarted(context.InstanceId, name, raw);
        var call = new StubCall(token, context.InstanceId, name, raw, attempt);
        var outcome = script.Resolve(call);
        try
        {
            var result = outcome is null ? ProductStubs.Default(call) : await outcome.RunAsync(call, gates, ProductStubs.Default);
            recorder.ExecutionEnded(context.InstanceId, name, raw, attempt, "returned " + RecordingOrchestrationContext.Json(result));
            return result;
        }
        catch (Exception ex)
        {
            recorder.ExecutionEnded(context.InstanceId, name, raw, attempt, $"threw {ex.GetType().Name}: {ex.Message}");
            throw;
        }
    }
}
