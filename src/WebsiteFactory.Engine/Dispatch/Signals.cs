namespace WebsiteFactory.Engine.Dispatch;

/// <summary>The in-process wake-ups shared by dispatchers, the client and the notification listener.</summary>
internal sealed class Signals
{
    /// <summary>At most one NOTIFY per kind per this many milliseconds per process (NOTIFY serializes commits).</summary>
    public const int NotifyDebounceMs = 20;

    public WorkSignal Orchestrations { get; } = new();

    public WorkSignal Activities { get; } = new();

    public InstanceWaiters Instances { get; } = new();
}
