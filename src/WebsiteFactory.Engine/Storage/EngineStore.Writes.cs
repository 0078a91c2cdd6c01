using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;

namespace WebsiteFactory.Engine.Storage;

/// <summary>The writes of an episode batch, and the commit that sends them with the fence in one round trip.</summary>
internal sealed partial class EngineStore
{
    /// <summary>
    /// Commits the batch in ONE round trip when nothing in it can need a follow-up statement: the fence (and, on the fused
    /// path, the delete of the delivered tasks) and every write go in one implicit transaction, and a guard function makes
    /// the whole transaction fail when any instance lost its fence or any result was already delivered. Returns
    /// <see langword="null"/> (nothing written) in those rare cases and for batches that create children; the caller then
    /// commits through <see cref="CommitCoreAsync"/>, which sorts out each instance separately.
    /// </summary>
    internal async Task<(HashSet<long> Committed, List<ClaimedTask> PreClaimed)?> TryCommitInOneTripAsync(
        List<EpisodeCommit> episodes, string? notifyPayload, Dictionary<long, List<TaskResult>>? fusedResults, CancellationToken ct)
    {
        if (episodes.Exists(e => e.Children.Count > 0))
        {
            return null;
        }

        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        long[]? ids = fusedResults?.Values.SelectMany(r => r).Select(r => r.TaskRowId).ToArray();
        NpgsqlBatchCommand fence;
        if (episodes.Count == 1)
        {
            fence = this.SingleFenceCommand(episodes[0], ids is null ? this.SingleFenceSql : this.SingleFusedFenceSql);
        }
        else
        {
            fence = this.FenceCommand(episodes, ids is null ? this.GuardedFenceSql : this.GuardedFusedFenceSql);
            fence.Parameters.Add(new NpgsqlParameter<long> { TypedValue = episodes.Count });
        }

        if (ids is not null)
        {
            fence.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
            fence.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ids.Length });
        }

        batch.BatchCommands.Add(fence);
        Writes writes = this.AddWrites(batch, episodes, notifyPayload);
        var preClaimed = new List<ClaimedTask>();
        try
        {
            await batch.PrepareAsync(ct).ConfigureAwait(false);
            await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await ReadWritesAsync(reader, writes, preClaimed, [], ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == FenceLostState)
        {
            return null;
        }

        return (episodes.Select(e => e.Instance.Key).ToHashSet(), preClaimed);
    }

    /// <summary>The writes of a batch of surviving episodes, and what their result sets are needed for.</summary>
    private sealed record Writes(
        List<(EpisodeCommit E, ActivityRequest A, bool Pre)> TaskRows,
        List<(EpisodeCommit Parent, ChildRequest Child)> Children,
        List<(EpisodeCommit Parent, ChildRequest Child)> Duplicates);

    private Writes AddWrites(NpgsqlBatch batch, List<EpisodeCommit> survivors, string? notifyPayload)
    {
        // Activities first: their RETURNING rows are the first result set.
        var taskRows = survivors.SelectMany(e => e.Activities.Select((a, i) => (e, a, pre: i < e.PreClaimed))).ToList();
        if (taskRows.Count > 0)
        {
            var tasks = new NpgsqlBatchCommand(this.InsertTasksSql);
            tasks.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
            tasks.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.e.Instance.Key)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => (string?)t.e.Instance.InstanceId)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.e.NewExecutionId)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.a.TaskId)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => (string?)t.a.Name)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => (string?)t.a.Version)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => t.a.Input)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.pre)));
            tasks.Parameters.Add(TimeParameter(this.Now()));
            batch.BatchCommands.Add(tasks);
        }

        // One child id per commit: a second request for an id already requested in this batch fails at once, instead of
        // being swallowed by ON CONFLICT and leaving its parent waiting forever.
        var seenChildren = new HashSet<string>(StringComparer.Ordinal);
        var children = new List<(EpisodeCommit Parent, ChildRequest Child)>();
        var duplicates = new List<(EpisodeCommit Parent, ChildRequest Child)>();
        foreach ((EpisodeCommit parent, ChildRequest child) in survivors.SelectMany(e => e.Children.Select(c => (e, c))))
        {
            (seenChildren.Add(child.InstanceId) ? children : duplicates).Add((parent, child));
        }

        if (children.Count > 0)
        {
            var create = new NpgsqlBatchCommand(this.CreateChildrenSql);
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.Child.InstanceId)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.Child.ExecutionId)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.Child.Name)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.Child.Version)));
            create.Parameters.Add(Texts(children.ConvertAll(c => c.Child.Input)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.Parent.Instance.Key)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.Parent.Instance.InstanceId)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.Parent.NewExecutionId)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.Child.TaskId)));
            create.Parameters.Add(Events(children.ConvertAll(c => c.Child.Start)));
            create.Parameters.Add(TimeParameter(this.Now()));
            batch.BatchCommands.Add(create);
        }

        this.AddExecutionCleanup(batch, survivors);
        this.AddHistory(batch, survivors);
        this.AddMessages(batch, survivors);
        if (notifyPayload is not null)
        {
            batch.BatchCommands.Add(this.NotifyCommand(notifyPayload));
        }

        return new Writes(taskRows, children, duplicates);
    }

    private static async Task ReadWritesAsync(NpgsqlDataReader reader, Writes writes, List<ClaimedTask> preClaimed, HashSet<string> createdChildren, CancellationToken ct)
    {
        var owners = writes.TaskRows.ToDictionary(t => (t.E.Instance.Key, t.A.TaskId), t => (t.E, t.A));
        do
        {
            if (reader.FieldCount == 4 && reader.GetName(0) == "id")
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (reader.GetBoolean(3))
                    {
                        (EpisodeCommit owner, ActivityRequest request) = owners[(reader.GetInt64(1), reader.GetInt32(2))];
                        preClaimed.Add(new ClaimedTask(
                            reader.GetInt64(0), owner.Instance.Key, owner.Instance.InstanceId, owner.NewExecutionId, request.TaskId, request.Name,
                            request.Version, request.Input, 1));
                    }
                }
            }
            else if (reader.FieldCount == 1 && reader.GetName(0) == "instance_id")
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    createdChildren.Add(reader.GetString(0));
                }
            }
        }
        while (await reader.NextResultAsync(ct).ConfigureAwait(false));
    }

    private NpgsqlBatchCommand SingleFenceCommand(EpisodeCommit e, string sql)
    {
        var fence = new NpgsqlBatchCommand(sql);
        NpgsqlParameterCollection p = fence.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        p.Add(new NpgsqlParameter<long> { TypedValue = e.Instance.Key });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = e.Instance.ExecutionId });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.Instance.HistoryLength });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.NewHistoryLength });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)e.Status });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = e.NewExecutionId });
        p.Add(TextOrNull(e.Output));
        p.Add(TextOrNull(e.CustomStatus));
        p.Add(new NpgsqlParameter { Value = (object?)e.Failure?.ToByteArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        p.Add(TextOrNull(e.NewInput));
        p.Add(new NpgsqlParameter<bool> { TypedValue = e.SetInput });
        p.Add(new NpgsqlParameter<bool> { TypedValue = e.KeepState });
        p.Add(new NpgsqlParameter<bool> { TypedValue = e.PreserveCustomStatus });
        p.Add(TimeParameter(this.Now()));
        return fence;
    }
}
