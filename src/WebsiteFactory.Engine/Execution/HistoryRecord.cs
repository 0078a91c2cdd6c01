using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>One history event (or inbox message) as the engine handles it; mirrors a <c>history</c>/<c>inbox</c> row.</summary>
internal sealed class HistoryRecord
{
    public HistoryRecord(HistoryEventType kind, DateTime timestamp)
    {
        this.Kind = kind;
        this.Timestamp = timestamp;
    }

    public HistoryEventType Kind { get; }

    /// <summary>Gets or sets the task id (-1: none).</summary>
    public int TaskId { get; set; } = -1;

    public string? Name { get; set; }

    public DateTime Timestamp { get; set; }

    public DateTime? FireAt { get; set; }

    /// <summary>Gets or sets the UTF-8 JSON payload (input, result, event data).</summary>
    public byte[]? Payload { get; set; }

    /// <summary>Gets or sets the failure as JSON (<see cref="TaskFailureDetails"/>).</summary>
    public string? Failure { get; set; }

    /// <summary>Gets or sets kind-specific text: child/target instance id, reason, version, retry chain, final status.</summary>
    public string? Extra { get; set; }

    public override string ToString() => this.Kind switch
    {
        HistoryEventType.TimerCreated => $"TimerCreated #{this.TaskId}",
        _ => $"{this.Kind} '{this.Name}' #{this.TaskId}",
    };
}
