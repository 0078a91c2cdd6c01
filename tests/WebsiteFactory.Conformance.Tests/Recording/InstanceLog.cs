namespace WebsiteFactory.Conformance.Tests.Recording;

/// <summary>One orchestration instance's record on one host.</summary>
public sealed class InstanceLog
{
    /// <summary>Gets the orchestrator-side actions, in the order the orchestrator made them (never from replay).</summary>
    public List<string> Actions { get; } = [];

    /// <summary>Gets the custom statuses set (serialized), in order.</summary>
    public List<string> Statuses { get; } = [];

    /// <summary>Gets the ended stub executions: <c>{activity} #{attempt} {input} -> {outcome}</c>, in the order they ended.</summary>
    public List<string> Executions { get; } = [];

    /// <summary>Gets the activity names of started stub executions, in the order they started.</summary>
    public List<string> Started { get; } = [];

    /// <summary>Gets the attempts per activity and input so far.</summary>
    public Dictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the live actions by position (execution start and action index), to tell a re-run episode's repeats.</summary>
    private Dictionary<string, string> ByPosition { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="action"/> was already recorded at <paramref name="position"/>; records it otherwise.</summary>
    public bool IsRepeat(string position, string action)
    {
        if (this.ByPosition.TryGetValue(position, out var earlier) && string.Equals(earlier, action, StringComparison.Ordinal))
        {
            return true;
        }

        this.ByPosition[position] = action;
        return false;
    }

    /// <summary>A deep copy.</summary>
    public InstanceLog Copy()
    {
        var copy = new InstanceLog();
        copy.Actions.AddRange(this.Actions);
        copy.Statuses.AddRange(this.Statuses);
        copy.Executions.AddRange(this.Executions);
        copy.Started.AddRange(this.Started);
        foreach (var (k, v) in this.ByPosition)
        {
            copy.ByPosition[k] = v;
        }
        foreach (var (k, v) in this.Attempts)
        {
            copy.Attempts[k] = v;
        }

        return copy;
    }
}
