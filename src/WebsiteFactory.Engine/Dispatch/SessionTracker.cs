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
    private readonly Dictionary<long, bool> fusing = [];
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

    /// <summary>What an episode may do with the runner's session of its instance.</summary>
    public enum Claim
    {
        /// <summary>The session matches the claimed row: send only the new events.</summary>
        Hit,

        /// <summary>No usable session: replay the history (the runner then keeps a new session).</summary>
        Miss,

        /// <summary>A fused completion holds the session right now: leave the instance alone and retry soon.</summary>
        Busy,
    }

    /// <summary>
    /// Starts an episode on the instance, atomically with respect to fused completions: either a fusion holds the session
    /// (<see cref="Claim.Busy"/>), or the tracked entry is taken out (<see cref="Claim.Hit"/> when it matches the claimed
    /// execution and history length, else <see cref="Claim.Miss"/>). After a hit or a miss no fusion can start on the
    /// instance until the episode's commit puts an entry back, so only one code path ever drives its session.
    /// </summary>
    public Claim BeginEpisode(long key, Guid executionId, int historyLength)
    {
        lock (this.map)
        {
            if (this.fusing.ContainsKey(key))
            {
                this.fusing[key] = true;
                return Claim.Busy;
            }

            return this.Take(key, executionId, historyLength) ? Claim.Hit : Claim.Miss;
        }
    }

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

    /// <summary>
    /// Removes and returns the entry of an execution for a fused completion; the commit's fence checks its history length.
    /// Until <see cref="EndFusion"/>, <see cref="BeginEpisode"/> tells this process's dispatchers to leave the instance alone, so
    /// its code does not run live twice (once fused, once from history) when a message arrives meanwhile, and no other path
    /// replaces the session the fusion is driving.
    /// </summary>
    public Entry? TakeForFusion(long key, Guid executionId)
    {
        lock (this.map)
        {
            if (this.map.TryGetValue(key, out LinkedListNode<Entry>? node) && node.Value.ExecutionId == executionId)
            {
                this.map.Remove(key);
                this.order.Remove(node);
                this.fusing[key] = false;
                this.hits++;
                return node.Value;
            }

            return null;
        }
    }

    /// <summary>Ends a fused completion (committed or not); returns whether a dispatcher left the instance alone meanwhile.</summary>
    public bool EndFusion(long key)
    {
        lock (this.map)
        {
            return this.fusing.Remove(key, out bool skipped) && skipped;
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
