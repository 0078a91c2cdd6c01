using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Recording;

/// <summary>Runs an orchestrator (a product one, unchanged) with a <see cref="RecordingOrchestrationContext"/>.</summary>
internal sealed class RecordingOrchestrator(ITaskOrchestrator inner, HostRecorder recorder) : ITaskOrchestrator
{
    /// <inheritdoc />
    public Type InputType => inner.InputType;

    /// <inheritdoc />
    public Type OutputType => inner.OutputType;

    /// <inheritdoc />
    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
        inner.RunAsync(new RecordingOrchestrationContext(context, recorder), input);
}
