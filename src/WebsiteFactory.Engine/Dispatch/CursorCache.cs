using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// A bounded LRU of live orchestration executors (cursors), keyed by instance key, so a hot instance's next episode
/// processes only its new events instead of replaying its history. An entry is used only when its execution id and
/// history length still match the claimed row (Netherite's check); it is taken out while an episode runs.
/// </summary>
internal sealed class CursorCache(int capacity)
{
    private readonly Dictionary<long, LinkedListNode<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)>> map = [];
    private readonly LinkedList<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)> order = new();
    private long hits;
    private long misses;

    public long Hits => Interlocked.Read(ref this.hits);

    public long Misses => Interlocked.Read(ref this.misses);

    public int Count
    {
        get
        {
            lock (this.map)
            {
                return this.map.Count;
            }
        }
    }

    /// <summary>Removes and returns the executor if it matches the claimed execution and history length.</summary>
    public OrchestrationExecutor? Take(long key, Guid executionId, int historyLength)
    {
        lock (this.map)
        {
            if (this.map.Remove(key, out LinkedListNode<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)>? node))
            {
                this.order.Remove(node);
                if (node.Value.Executor.ExecutionId == executionId && node.Value.Executor.HistoryCount == historyLength)
                {
                    this.hits++;
                    return node.Value.Executor;
                }
            }

            this.misses++;
            return null;
        }
    }

    /// <summary>Removes and returns the executor of an execution for a fused completion; the commit's fence checks its history length.</summary>
    public (OrchestrationExecutor Executor, ClaimedInstance Instance)? TakeForFusion(long key, Guid executionId)
    {
        lock (this.map)
        {
            if (this.map.TryGetValue(key, out LinkedListNode<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)>? node)
                && node.Value.Executor.ExecutionId == executionId)
            {
                this.map.Remove(key);
                this.order.Remove(node);
                this.hits++;
                return (node.Value.Executor, node.Value.Instance);
            }

            return null;
        }
    }

    /// <summary>Whether a usable executor is cached (without taking it).</summary>
    public bool Peek(long key, Guid executionId, int historyLength)
    {
        lock (this.map)
        {
            return this.map.TryGetValue(key, out LinkedListNode<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)>? node)
                && node.Value.Executor.ExecutionId == executionId && node.Value.Executor.HistoryCount == historyLength;
        }
    }

    /// <summary>Stores an executor after a committed episode, evicting the least recently used beyond capacity.</summary>
    public void Put(long key, OrchestrationExecutor executor, ClaimedInstance instance)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (this.map)
        {
            if (this.map.Remove(key, out LinkedListNode<(long Key, OrchestrationExecutor Executor, ClaimedInstance Instance)>? old))
            {
                this.order.Remove(old);
            }

            this.map[key] = this.order.AddFirst((key, executor, instance));
            while (this.map.Count > capacity && this.order.Last is { } last)
            {
                this.order.RemoveLast();
                this.map.Remove(last.Value.Key);
            }
        }
    }
}
