using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Everything one episode writes, applied in the batch transaction if its fence holds.</summary>
internal sealed class EpisodeCommit
{
    public required ClaimedInstance Instance { get; init; }

    /// <summary>Gets or sets the execution id after the episode (changes on continue-as-new and rewind).</summary>
    public Guid NewExecutionId { get; set; }

    /// <summary>Gets or sets the history rows to append (numbered from <see cref="FirstSeq"/>).</summary>
    public List<HistoryRecord> History { get; set; } = [];

    /// <summary>Gets or sets the sequence number of the first appended row (the old length, or 0 for a new execution).</summary>
    public int FirstSeq { get; set; }

    public OrchestrationRuntimeStatus Status { get; set; }

    public byte[]? Output { get; set; }

    public byte[]? CustomStatus { get; set; }

    public string? Failure { get; set; }

    /// <summary>Gets or sets a new input to store (continue-as-new, restart), or <see langword="null"/> to keep it.</summary>
    public byte[]? NewInput { get; set; }

    public bool SetInput { get; set; }

    /// <summary>Gets or sets a value indicating whether status, output, failure and custom status stay as stored (no code ran).</summary>
    public bool KeepState { get; set; }

    /// <summary>Gets or sets a value indicating whether the stored custom status is kept (terminate runs no code).</summary>
    public bool PreserveCustomStatus { get; set; }

    /// <summary>Gets the inbox ids consumed by the episode.</summary>
    public List<long> Consumed { get; } = [];

    public List<ActivityRequest> Activities { get; } = [];

    /// <summary>Gets inbox rows for this instance (timers, a continue-as-new start, carried-over events).</summary>
    public List<(Guid? ExecutionId, HistoryRecord Message, DateTime? VisibleAt)> OwnMessages { get; } = [];

    public List<ChildRequest> Children { get; } = [];

    public List<EventRequest> Events { get; } = [];

    /// <summary>Gets or sets the message to the parent when a sub-orchestration ends.</summary>
    public HistoryRecord? ParentMessage { get; set; }

    /// <summary>Gets or sets a value indicating whether the old execution ended (its tasks and timers are deleted).</summary>
    public bool EndsExecution { get; set; }

    /// <summary>Gets or sets a value indicating whether the old execution's history is deleted (continue-as-new, rewind).</summary>
    public bool ReplacesHistory { get; set; }

    /// <summary>Gets the failed children to rewind (rewind of the parent).</summary>
    public List<string> RewindChildren { get; } = [];

    /// <summary>Gets or sets the executor to cache after a successful commit.</summary>
    public OrchestrationExecutor? Executor { get; set; }

    /// <summary>Gets or sets how many activities were inserted pre-leased to this worker.</summary>
    public int PreClaimed { get; set; }
}
