namespace WebsiteFactory.Conformance.Tests.Recording;

/// <summary>
/// What one host's runs did, per orchestration instance: the orchestrator-side actions made while not replaying (custom
/// status, activity and sub-orchestration calls, timers, event waits and sends, continue-as-new) and every stub activity
/// execution. One recorder per host; scenarios keep apart by their instance ids.
/// </summary>
public sealed class HostRecorder
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, InstanceLog> instances = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = NewSignal();

    /// <summary>
    /// Records an orchestrator-side action of <paramref name="instanceId"/> (made while not replaying) at its position in
    /// the execution; the same action again at the same position is a re-run episode and is kept once.
    /// </summary>
    public void Action(string instanceId, string position, string action)
    {
        lock (this.sync)
        {
            var log = this.Log(instanceId);
            if (log.IsRepeat(position, action))
            {
                return;
            }

            log.Actions.Add(action);
            this.Changed();
        }
    }

    /// <summary>Records a custom status set while not replaying (also as an action, in order with the calls).</summary>
    public void Status(string instanceId, string position, string? json)
    {
        lock (this.sync)
        {
            var log = this.Log(instanceId);
            var action = $"status {json ?? "null"}";
            if (log.IsRepeat(position, action))
            {
                return;
            }

            log.Statuses.Add(json ?? "null");
            log.Actions.Add(action);
            this.Changed();
        }
    }

    /// <summary>Records the start of a stub execution and returns its attempt number for this instance, activity and input (1-based).</summary>
    public int ExecutionStarted(string instanceId, string activity, string input)
    {
        lock (this.sync)
        {
            var log = this.Log(instanceId);
            var key = $"{activity} {input}";
            log.Attempts[key] = log.Attempts.GetValueOrDefault(key) + 1;
            log.Started.Add(activity);
            this.Changed();
            return log.Attempts[key];
        }
    }

    /// <summary>Records how a stub execution ended.</summary>
    public void ExecutionEnded(string instanceId, string activity, string input, int attempt, string outcome)
    {
        lock (this.sync)
        {
            this.Log(instanceId).Executions.Add($"{activity} #{attempt} {input} -> {outcome}");
            this.Changed();
        }
    }

    /// <summary>The instance ids recorded so far that contain <paramref name="token"/>, in ordinal order.</summary>
    public IReadOnlyList<string> InstancesOf(string token)
    {
        lock (this.sync)
        {
            return [.. this.instances.Keys.Where(k => k.Contains(token, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>A copy of one instance's log (empty when nothing was recorded).</summary>
    public InstanceLog Snapshot(string instanceId)
    {
        lock (this.sync)
        {
            return this.instances.TryGetValue(instanceId, out var log) ? log.Copy() : new InstanceLog();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the instance's log; re-checked on every record.</summary>
    public async Task WaitUntilAsync(string instanceId, Func<InstanceLog, bool> condition, CancellationToken cancellation)
    {
        while (true)
        {
            Task next;
            lock (this.sync)
            {
                if (condition(this.instances.TryGetValue(instanceId, out var log) ? log : new InstanceLog()))
                {
                    return;
                }

                next = this.changed.Task;
            }

            await next.WaitAsync(cancellation);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InstanceLog Log(string instanceId)
    {
        if (!this.instances.TryGetValue(instanceId, out var log))
        {
            log = new InstanceLog();
            this.instances[instanceId] = log;
        }

        return log;
    }

    private void Changed()
    {
        this.changed.TrySetResult();
        this.changed = NewSignal();
    }
}
