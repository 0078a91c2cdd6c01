namespace WebsiteFactory.Engine.Dispatch;

/// <summary>The in-process wake-ups shared by dispatchers, the client and the notification listener.</summary>
/// <param name="time">The engine's clock: wait timeouts run on it (default: the system clock).</param>
internal sealed class Signals(TimeProvider? time = null)
{
    /// <summary>At most one NOTIFY per kind per this many milliseconds per process (NOTIFY serializes commits).</summary>
    public const int NotifyDebounceMs = 20;

    public WorkSignal Orchestrations { get; } = new(time);

    public WorkSignal Activities { get; } = new(time);

    public InstanceWaiters Instances { get; } = new();
}
