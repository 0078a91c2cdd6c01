using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine;

/// <summary>
/// The embedded engine's <see cref="DurableTaskClient"/>: the SDK's client contract over PostgreSQL. Callers (HTTP
/// endpoints, schedules, tests) take <see cref="DurableTaskClient"/> and work unchanged against Azure Durable
/// Functions' client.
/// </summary>
/// <remarks>
/// Errors follow the SDK's gRPC client: an existing instance → <c>OrchestrationAlreadyExistsException</c>
/// (an <see cref="InvalidOperationException"/>), an unknown instance → <see cref="OrchestrationNotFoundException"/>
/// (an <see cref="ArgumentException"/>), an operation its status does not allow → <see cref="InvalidOrchestrationStateException"/>
/// (an <see cref="InvalidOperationException"/>), bad input → <see cref="ArgumentException"/> before anything is written.
/// As the SDK documents (and Microsoft's reference host does), raising an event on, terminating, suspending or resuming
/// a finished or unknown instance is silently discarded; callers that must tell the cases apart read the instance first.
/// </remarks>
public sealed partial class PostgresDurableTaskClient : DurableTaskClient
{
    private static readonly char[] ForbiddenIdCharacters = ['/', '\\', '#', '?'];
    private readonly EngineRuntime runtime;
    private readonly DurableTaskClientOptions clientOptions;
    private readonly HashSet<string> orchestrators;

    /// <summary>
    /// Initializes a new instance of the <see cref="PostgresDurableTaskClient"/> class. The SDK's client builder creates
    /// it (<c>AddWorkflowEngine</c> sets it as the build target); the engine's shared state comes from
    /// <paramref name="services"/>.
    /// </summary>
    /// <param name="name">The client's name.</param>
    /// <param name="services">The service provider the engine was registered in.</param>
    public PostgresDurableTaskClient(string name, IServiceProvider services)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(services);
        this.runtime = services.GetRequiredService<EngineRuntime>();
        this.clientOptions = services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(name);
        this.orchestrators = new HashSet<string>(
            services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(name).GetOrchestrators().Select(o => o.Key.Name), StringComparer.OrdinalIgnoreCase);
    }

    private DataConverter Converter => this.clientOptions.DataConverter;

    private EngineOptions Options => this.runtime.Options;

    /// <inheritdoc/>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name, nameof(orchestratorName));
        if (this.orchestrators.Count > 0 && !this.orchestrators.Contains(orchestratorName.Name))
        {
            // A client-only process without registrations cannot validate; workers report unknown names on the instance.
            throw new ArgumentException(
                $"No orchestrator named '{orchestratorName.Name}' is registered. Known orchestrators: {string.Join(", ", this.orchestrators.Order())}.", nameof(orchestratorName));
        }

        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        string version = options?.Version?.Version ?? this.clientOptions.DefaultVersion ?? string.Empty;
        string? payload = this.Serialize(input, $"the input of orchestration '{orchestratorName.Name}'");
        IReadOnlyList<OrchestrationRuntimeStatus>? dedupe = options?.DedupeStatuses?.Select(ParseStatus).ToList();
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        await this.runtime.Store.CreateAsync(
            new EngineStore.StartRequest(instanceId, orchestratorName.Name, version, payload, options?.StartAt, options?.Tags),
            dedupe, this.Options.UseNotifications, cancellation).ConfigureAwait(false);
        this.runtime.Signals.Orchestrations.Set();
        return instanceId;
    }

    /// <inheritdoc/>
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        string? payload = this.Serialize(eventPayload, $"event '{eventName}'");
        return this.DiscardUnlessActiveAsync(instanceId, ProtoEvents.EventRaised(this.runtime.Store.Now(), eventName, payload), cancellation);
    }

    /// <inheritdoc/>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        string? output = this.Serialize(options?.Output, "the termination output");
        bool sent = await this.DiscardUnlessActiveAsync(instanceId, ProtoEvents.ExecutionTerminated(this.runtime.Store.Now(), output, options?.Recursive ?? false), cancellation).ConfigureAwait(false);
        if (!sent || options?.Recursive != true)
        {
            return;
        }

        foreach (string child in await this.runtime.Store.GetRunningChildrenAsync(instanceId, cancellation).ConfigureAwait(false))
        {
            // A child that finished meanwhile is skipped (discarded).
            await this.TerminateInstanceAsync(child, options, cancellation).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => this.DiscardUnlessActiveAsync(instanceId, ProtoEvents.ExecutionSuspended(this.runtime.Store.Now(), reason), cancellation);

    /// <inheritdoc/>
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => this.DiscardUnlessActiveAsync(instanceId, ProtoEvents.ExecutionResumed(this.runtime.Store.Now(), reason), cancellation);

    /// <inheritdoc/>
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default)
        => this.SendAsync(instanceId, ProtoEvents.ExecutionRewound(this.runtime.Store.Now(), reason ?? "Rewound by client"), s => s == OrchestrationRuntimeStatus.Failed, "rewind", "Failed", discardWhenNotAllowed: false, cancellation);

    /// <inheritdoc/>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        string id = await this.runtime.Store.RestartAsync(instanceId, restartWithNewInstanceId, this.Options.UseNotifications, cancellation).ConfigureAwait(false);
        this.runtime.Signals.Orchestrations.Set();
        return id;
    }

    /// <inheritdoc/>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        return new PurgeResult(await this.runtime.Store.PurgeAsync(instanceId, options?.Recursive ?? false, cancellation).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        return new PurgeResult(await this.runtime.Store.PurgeAllAsync(filter.CreatedFrom, filter.CreatedTo, filter.Statuses, null, cancellation).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<bool> DiscardUnlessActiveAsync(string instanceId, Microsoft.DurableTask.Protobuf.HistoryEvent message, CancellationToken cancellation)
        => this.SendAsync(instanceId, message, IsActive, string.Empty, string.Empty, discardWhenNotAllowed: true, cancellation);

    private async Task<bool> SendAsync(
        string instanceId, Microsoft.DurableTask.Protobuf.HistoryEvent message, Func<OrchestrationRuntimeStatus, bool> allowed, string operation, string allowedText,
        bool discardWhenNotAllowed, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.runtime.EnsureSchemaAsync(cancellation).ConfigureAwait(false);
        bool sent = await this.runtime.Store.SendAsync(
            instanceId, message, allowed, operation, allowedText, discardWhenNotAllowed, this.Options.UseNotifications, cancellation).ConfigureAwait(false);
        if (sent)
        {
            this.runtime.Signals.Orchestrations.Set();
        }

        return sent;
    }

    private string? Serialize(object? value, string what)
    {
        string? json;
        try
        {
            json = this.Converter.Serialize(value);
        }
        catch (Exception e) when (e is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"The payload of {what} cannot be serialized: {e.Message}", e);
        }

        if (json is not null && json.Length > this.Options.MaxPayloadBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(json) > this.Options.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, System.Text.Encoding.UTF8.GetByteCount(json), this.Options.MaxPayloadBytes);
        }

        return json;
    }

    private static OrchestrationRuntimeStatus ParseStatus(string status) => Enum.TryParse(status, ignoreCase: true, out OrchestrationRuntimeStatus parsed)
        ? parsed
        : throw new ArgumentException($"'{status}' is not an orchestration status.", nameof(status));

    private static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256 || instanceId.IndexOfAny(ForbiddenIdCharacters) >= 0 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException(
                "An instance id must be 1-256 characters without '/', '\\', '#', '?' or control characters.", nameof(instanceId));
        }
    }

    private static bool IsActive(OrchestrationRuntimeStatus status)
        => status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
}
