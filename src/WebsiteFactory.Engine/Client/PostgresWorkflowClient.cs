using WebsiteFactory.Engine.Dispatch;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Client;

/// <summary>The embedded engine's <see cref="IWorkflowClient"/>: validates at the edge, then writes to PostgreSQL.</summary>
internal sealed class PostgresWorkflowClient(
    EngineStore store, ExecutorEnvironment env, EngineOptions options, Signals signals, Func<CancellationToken, Task> ensureSchema) : IWorkflowClient
{
    private static readonly char[] ForbiddenIdCharacters = ['/', '\\', '#', '?'];

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options1 = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string instanceId = options1?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        string version = this.ResolveVersion(orchestratorName, options1?.Version);
        byte[]? payload = env.Serialize(input, $"the input of orchestration '{orchestratorName}'");
        await ensureSchema(cancellation).ConfigureAwait(false);
        bool started = await store.CreateAsync(
            instanceId, orchestratorName, version, payload, options1?.StartAt, FailureJson.SerializeTags(options1?.Tags),
            options1?.DedupeStatuses, options1?.IfExists ?? ExistingInstancePolicy.Reject, options.UseNotifications, cancellation).ConfigureAwait(false);
        if (started)
        {
            signals.Orchestrations.Set();
        }

        return instanceId;
    }

    private string ResolveVersion(string name, string? version)
    {
        WorkflowCatalog catalog = env.Catalog;
        if (catalog.OrchestratorNames.Count == 0)
        {
            // A client-only process without registrations cannot validate; workers report unknown names on the instance.
            return version ?? string.Empty;
        }

        if (!catalog.HasOrchestrator(name))
        {
            throw new ArgumentException($"No orchestrator named '{name}' is registered. Known orchestrators: {string.Join(", ", catalog.OrchestratorNames.Order())}.", nameof(name));
        }

        if (version is not null && !catalog.TryGetOrchestrator(name, version, out _))
        {
            throw new ArgumentException($"Orchestrator '{name}' has no version '{version}'. Registered versions: {string.Join(", ", catalog.GetVersions(name).Select(v => $"'{v}'"))}.", nameof(version));
        }

        return version ?? catalog.GetDefaultVersion(name) ?? string.Empty;
    }

    private static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256 || instanceId.IndexOfAny(ForbiddenIdCharacters) >= 0 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException(
                "An instance id must be 1-256 characters without '/', '\\', '#', '?' or control characters.", nameof(instanceId));
        }
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ensureSchema(cancellation).ConfigureAwait(false);
        return await store.GetAsync(instanceId, getInputsAndOutputs, env.Converter, cancellation).ConfigureAwait(false);
    }

    public async Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await ensureSchema(cancellation).ConfigureAwait(false);
        return await store.QueryAsync(query, env.Converter, cancellation).ConfigureAwait(false);
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        byte[]? payload = env.Serialize(eventPayload, $"event '{eventName}'");
        return this.SendAsync(instanceId, HistoryEventType.EventRaised, eventName, payload, null, IsActive, "raise an event on", "Pending, Running or Suspended", cancellation);
    }

    public async Task TerminateInstanceAsync(string instanceId, string? reason = null, bool recursive = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await this.SendAsync(instanceId, HistoryEventType.ExecutionTerminated, null, null, reason ?? "Terminated by client", IsActive, "terminate", "Pending, Running or Suspended", cancellation).ConfigureAwait(false);
        if (recursive)
        {
            foreach (string child in await store.GetRunningChildrenAsync(instanceId, cancellation).ConfigureAwait(false))
            {
                try
                {
                    await this.TerminateInstanceAsync(child, reason, recursive: true, cancellation).ConfigureAwait(false);
                }
                catch (InvalidOrchestrationStateException)
                {
                    // Finished meanwhile.
                }
            }
        }
    }

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => this.SendAsync(instanceId, HistoryEventType.ExecutionSuspended, null, null, reason ?? "Suspended by client",
            s => s is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended, "suspend", "Pending, Running or Suspended", cancellation);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => this.SendAsync(instanceId, HistoryEventType.ExecutionResumed, null, null, reason ?? "Resumed by client",
            s => s is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended, "resume", "Pending, Running or Suspended", cancellation);

    public Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => this.SendAsync(instanceId, HistoryEventType.ExecutionRewound, "rewind", null, reason ?? "Rewound by client",
            s => s == OrchestrationRuntimeStatus.Failed, "rewind", "Failed", cancellation);

    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ensureSchema(cancellation).ConfigureAwait(false);
        string id = await store.RestartAsync(instanceId, restartWithNewInstanceId, options.UseNotifications, cancellation).ConfigureAwait(false);
        signals.Orchestrations.Set();
        return id;
    }

    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, bool recursive = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ensureSchema(cancellation).ConfigureAwait(false);
        return new PurgeResult(await store.PurgeAsync(instanceId, recursive, cancellation).ConfigureAwait(false));
    }

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await ensureSchema(cancellation).ConfigureAwait(false);
        return new PurgeResult(await store.PurgeAllAsync(filter, cancellation).ConfigureAwait(false));
    }

    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => this.WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public async Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ensureSchema(cancellation).ConfigureAwait(false);
        return await store.GetHistoryAsync(instanceId, cancellation).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId, "read the history of");
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        while (true)
        {
            // Register before reading, so a change between the read and the wait is not missed.
            Task changed = signals.Instances.NextChangeAsync(instanceId);
            OrchestrationMetadata metadata = await this.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId, "wait for");
            if (done(metadata))
            {
                return metadata;
            }

            try
            {
                await changed.WaitAsync(options.ClientPollInterval, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Another process may own the instance; poll.
            }
        }
    }

    private async Task SendAsync(
        string instanceId, HistoryEventType kind, string? name, byte[]? payload, string? reason, Func<OrchestrationRuntimeStatus, bool> allowed,
        string operation, string allowedText, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ensureSchema(cancellation).ConfigureAwait(false);
        await store.SendAsync(instanceId, kind, name, payload, reason, allowed, operation, allowedText, options.UseNotifications, cancellation).ConfigureAwait(false);
        signals.Orchestrations.Set();
    }

    private static bool IsActive(OrchestrationRuntimeStatus status)
        => status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
}
