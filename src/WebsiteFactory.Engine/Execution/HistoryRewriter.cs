using System.Globalization;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// Rewrites a failed execution's history for rewind: completed work is kept, failed work is removed so that replay
/// schedules it again.
/// </summary>
/// <remarks>
/// Tasks are grouped into retry chains (an attempt and its backoff timers name the chain's first task id). A chain whose
/// last attempt failed is removed entirely, so its retry loop starts over; chains that eventually succeeded are kept
/// as they are. A failed sub-orchestration called without retries keeps its creation event and is itself rewound
/// (recursively), so the child re-runs only its own failed steps. <c>ExecutionCompleted</c> is dropped.
/// Limitation: a failure the orchestrator caught and handled also counts as failed work and is re-run; if the code
/// took a different path after it, the replay detects the divergence and the instance fails again, with its history intact.
/// </remarks>
internal static class HistoryRewriter
{
    public static (List<HistoryRecord> History, List<string> ChildrenToRewind) Rewrite(IReadOnlyList<HistoryRecord> history)
    {
        var chainOf = new Dictionary<int, int>();
        var kindOf = new Dictionary<int, HistoryEventType>();
        var childOf = new Dictionary<int, string>();
        var result = new Dictionary<int, HistoryEventType>();
        foreach (HistoryRecord record in history)
        {
            switch (record.Kind)
            {
                case HistoryEventType.TaskScheduled:
                case HistoryEventType.TimerCreated:
                case HistoryEventType.SubOrchestrationInstanceCreated:
                    kindOf[record.TaskId] = record.Kind;
                    chainOf[record.TaskId] = RetryOf(record.Extra) ?? record.TaskId;
                    if (record.Kind == HistoryEventType.SubOrchestrationInstanceCreated)
                    {
                        childOf[record.TaskId] = record.Extra?.Split('\n')[0] ?? string.Empty;
                    }

                    break;
                case HistoryEventType.TaskCompleted:
                case HistoryEventType.TaskFailed:
                case HistoryEventType.SubOrchestrationInstanceCompleted:
                case HistoryEventType.SubOrchestrationInstanceFailed:
                    result[record.TaskId] = record.Kind;
                    break;
            }
        }

        var dropTasks = new HashSet<int>();
        var children = new List<string>();
        var keepCreatedDropFailed = new HashSet<int>();
        foreach (IGrouping<int, int> chain in chainOf.Keys.GroupBy(id => chainOf[id]))
        {
            List<int> attempts = chain.Where(id => kindOf[id] != HistoryEventType.TimerCreated).Order().ToList();
            if (attempts.Count == 0 || !result.TryGetValue(attempts[^1], out HistoryEventType last)
                || last is not (HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed))
            {
                continue;
            }

            if (attempts.Count == 1 && last == HistoryEventType.SubOrchestrationInstanceFailed && chain.Count() == 1)
            {
                keepCreatedDropFailed.Add(attempts[0]);
                children.Add(childOf[attempts[0]]);
                continue;
            }

            dropTasks.UnionWith(chain);
        }

        var rewritten = new List<HistoryRecord>(history.Count);
        foreach (HistoryRecord record in history)
        {
            bool drop = record.Kind switch
            {
                HistoryEventType.ExecutionCompleted => true,
                HistoryEventType.SubOrchestrationInstanceFailed when keepCreatedDropFailed.Contains(record.TaskId) => true,
                HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationInstanceCreated
                    or HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired
                    or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed
                    => dropTasks.Contains(record.TaskId),
                _ => false,
            };
            if (!drop)
            {
                rewritten.Add(record);
            }
        }

        return (rewritten, children);
    }

    private static int? RetryOf(string? extra)
    {
        if (extra is null)
        {
            return null;
        }

        int at = extra.IndexOf("retry-of:", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(extra.AsSpan(at + 9), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
    }
}
