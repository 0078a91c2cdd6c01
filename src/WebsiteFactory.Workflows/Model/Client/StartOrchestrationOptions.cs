namespace WebsiteFactory.Workflows;

/// <summary>Options for starting an orchestration (mirrors <c>Microsoft.DurableTask.StartOrchestrationOptions</c>).</summary>
/// <remarks>
/// Starting an instance id that already exists: when the existing instance's status is in
/// <see cref="DedupeStatuses"/> (default: Pending, Running, Suspended), the start is rejected with
/// <see cref="OrchestrationAlreadyExistsException"/> — or, with <see cref="IfExists"/> =
/// <see cref="ExistingInstancePolicy.ReturnExisting"/>, deduplicated (the existing id is returned and nothing is
/// started). Otherwise the old instance (terminal) is replaced: its history is discarded and a new execution starts.
/// </remarks>
public sealed record StartOrchestrationOptions
{
    /// <summary>Gets the instance id; <see langword="null"/> generates one (32 hex digits, like Durable Functions).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets a delayed start time (UTC); the instance stays Pending until then.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Gets the orchestrator version; <see langword="null"/> uses the default (highest registered) version.</summary>
    public string? Version { get; init; }

    /// <summary>Gets informational tags stored with the instance.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the statuses of an existing instance with the same id that block the start; <see langword="null"/> means Pending, Running, Suspended.</summary>
    public IReadOnlyList<OrchestrationRuntimeStatus>? DedupeStatuses { get; init; }

    /// <summary>Gets what to do when the start is blocked by an existing instance (default: reject).</summary>
    public ExistingInstancePolicy IfExists { get; init; } = ExistingInstancePolicy.Reject;
}
