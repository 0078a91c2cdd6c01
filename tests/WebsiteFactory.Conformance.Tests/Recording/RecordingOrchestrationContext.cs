using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Conformance.Tests.Recording;

/// <summary>
/// A <see cref="TaskOrchestrationContext"/> decorator that delegates every member to the host's context and records, while
/// the orchestrator is not replaying, the calls the orchestrator code makes (custom status, activities, sub-orchestrations,
/// timers, event waits and sends, continue-as-new).
/// </summary>
/// <remarks>
/// Only the live pass is recorded, so the record is the sequence of decisions the orchestrator made, whatever the host's
/// replay strategy (the reference host replays the whole history every episode; the engine keeps sessions in memory).
/// Retry handlers run on the host's own context (the SDK passes it to them), so their timers are not recorded here; the
/// stub activities record every attempt instead.
/// <para>
/// Every action has a position: the execution's start time and how many actions the code made before it, replayed or
/// not. An episode whose commit is rejected runs again live on every backend (DTFx's at-least-once checkpoint; the engine
/// when a fused completion loses its fence), and its repeat is the same action at the same position: the recorder keeps
/// it once, so the record is what the orchestrator committed. A different action at a recorded position is kept, so
/// nondeterminism still shows.
/// </para>
/// </remarks>
internal sealed class RecordingOrchestrationContext(TaskOrchestrationContext inner, HostRecorder recorder) : TaskOrchestrationContext
{
    // Built when the orchestrator function starts: the first episode's time, live or replayed, so stable across re-runs.
    private readonly long executionStart = inner.CurrentUtcDateTime.Ticks;
    private int position;

    /// <inheritdoc />
    public override TaskName Name => inner.Name;

    /// <inheritdoc />
    public override string InstanceId => inner.InstanceId;

    /// <inheritdoc />
    public override ParentOrchestrationInstance? Parent => inner.Parent;

    /// <inheritdoc />
    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    /// <inheritdoc />
    public override bool IsReplaying => inner.IsReplaying;

    /// <inheritdoc />
    public override string Version => inner.Version;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    /// <inheritdoc />
    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    /// <inheritdoc />
    public override ILoggerFactory ReplaySafeLoggerFactory => inner.ReplaySafeLoggerFactory;

    /// <inheritdoc />
    protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

    /// <inheritdoc />
    public override T? GetInput<T>() where T : default => inner.GetInput<T>();

    /// <inheritdoc />
    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        this.Record($"activity {name.Name} {Json(input)}");
        return inner.CallActivityAsync<TResult>(name, input, options);
    }

    /// <inheritdoc />
    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var id = options is SubOrchestrationOptions { InstanceId: { } given } ? given : "<generated>";
        this.Record($"sub-orchestration {orchestratorName.Name} {id} {Json(input)}");
        return inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);
    }

    /// <inheritdoc />
    public override Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
    {
        // The fire time depends on the host's clock; the delay the orchestrator asked for does not.
        this.Record($"timer {delay:c}");
        return inner.CreateTimer(delay, cancellationToken);
    }

    /// <inheritdoc />
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        this.Record($"timer at +{fireAt - inner.CurrentUtcDateTime:c}");
        return inner.CreateTimer(fireAt, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        this.Record($"wait-event {eventName}");
        return inner.WaitForExternalEvent<T>(eventName, cancellationToken);
    }

    /// <inheritdoc />
    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        this.Record($"send-event {instanceId} {eventName} {Json(payload)}");
        inner.SendEvent(instanceId, eventName, payload);
    }

    /// <inheritdoc />
    public override void SetCustomStatus(object? customStatus)
    {
        var at = this.NextPosition();
        if (!inner.IsReplaying)
        {
            recorder.Status(inner.InstanceId, at, customStatus is null ? null : Json(customStatus));
        }

        inner.SetCustomStatus(customStatus);
    }

    /// <inheritdoc />
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        this.Record($"continue-as-new {Json(newInput)} preserve={preserveUnprocessedEvents}");
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);
    }

    /// <inheritdoc />
    public override void ContinueAsNew(ContinueAsNewOptions options)
    {
        this.Record($"continue-as-new {Json(options.NewInput)} preserve={options.PreserveUnprocessedEvents}");
        inner.ContinueAsNew(options);
    }

    /// <inheritdoc />
    public override Guid NewGuid() => inner.NewGuid();

    /// <summary>The product's payload JSON of <paramref name="value"/>.</summary>
    internal static string Json(object? value) => WorkflowSerialization.Converter.Serialize(value) ?? "null";

    private void Record(string action)
    {
        var at = this.NextPosition();
        if (!inner.IsReplaying)
        {
            recorder.Action(inner.InstanceId, at, action);
        }
    }

    private string NextPosition() => $"{this.executionStart}:{this.position++}";
}
