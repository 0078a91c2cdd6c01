using WebsiteFactory.Engine.Execution;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Knows which instances have a live session in the SDK runner that matches their committed history, in a bounded LRU
/// keyed by instance key. A session is used only when its execution id and history length still equal the claimed row
/// (Netherite's check); it is taken out while an episode runs, and everything that leaves the tracker is evicted from
/// the runner too, so the runner never holds more sessions than <see cref="EngineOptions.SessionCapacity"/>.
/// </summary>
internal sealed class SessionTracker(int capacity, OrchestrationRunner runner)
{
    private readonly Dictionary<long, LinkedListNode<Entry>> map = [];
    private readonly LinkedList<Entry> order = new();
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

    public bool Enabled => capacity > 0 && runner.UsesSessions;

    /// <summary>Removes the entry and reports whether the runner's session matches the claimed execution and history length.</summary>
    public bool Take(long key, Guid executionId, int historyLength)
    {
        lock (this.map)
        {
            if (this.map.Remove(key, out LinkedListNode<Entry>? node))
            {
                this.order.Remove(node);
                if (node.Value.ExecutionId == executionId && node.Value.HistoryLength == historyLength)
                {
                    this.hits++;
                    return true;
                }
            }

            this.misses++;
            return false;
        }
    }

    /// <summary>Whether a usable session is tracked (without taking it): the claim then need not load the history.</summary>
    public bool Peek(long key, Guid executionId, int historyLength)
    {
        lock (this.map)
        {
            return this.map.TryGetValue(key, out LinkedListNode<Entry>? node)
                && node.Value.ExecutionId == executionId && node.Value.HistoryLength == historyLength;
        }
    }

    /// <summary>Removes and returns the entry of an execution for a fused completion; the commit's fence checks its history length.</summary>
    public Entry? TakeForFusion(long key, Guid executionId)
    {
        lock (this.map)
        {
            if (this.map.TryGetValue(key, out LinkedListNode<Entry>? node) && node.Value.ExecutionId == executionId)
            {
                this.map.Remove(key);
                this.order.Remove(node);
                this.hits++;
                return node.Value;
            }

            return null;
        }
    }

    /// <summary>Records a committed episode whose session the runner holds, evicting the least recently used beyond capacity.</summary>
    public void Put(Entry entry)
    {
        if (!this.Enabled)
        {
            runner.Evict(entry.Instance.InstanceId);
            return;
        }

        var evicted = new List<string>();
        lock (this.map)
        {
            if (this.map.Remove(entry.Instance.Key, out LinkedListNode<Entry>? old))
            {
                this.order.Remove(old);
            }

            this.map[entry.Instance.Key] = this.order.AddFirst(entry);
            while (this.map.Count > capacity && this.order.Last is { } last)
            {
                this.order.RemoveLast();
                this.map.Remove(last.Value.Instance.Key);
                evicted.Add(last.Value.Instance.InstanceId);
            }
        }

        evicted.ForEach(runner.Evict);
    }

    /// <summary>Forgets an instance's session in the tracker and the runner.</summary>
    public void Evict(long key, string instanceId)
    {
        lock (this.map)
        {
            if (this.map.Remove(key, out LinkedListNode<Entry>? node))
            {
                this.order.Remove(node);
            }
        }

        runner.Evict(instanceId);
    }

    /// <summary>A tracked session: the instance as of its last committed episode.</summary>
    /// <param name="Instance">The instance row as the next episode will see it (key, ids, parent link).</param>
    /// <param name="ExecutionId">The execution the session belongs to.</param>
    /// <param name="HistoryLength">The committed history length the session has seen.</param>
    /// <param name="Suspended">Whether the instance is suspended.</param>
    /// <param name="LastEpisodeAt">The time of the last episode (a fused episode never goes back in time).</param>
    internal sealed record Entry(Storage.ClaimedInstance Instance, Guid ExecutionId, int HistoryLength, bool Suspended, DateTime LastEpisodeAt);
}
