using Microsoft.DurableTask.Client;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Everything one episode writes, applied in the batch transaction if its fence holds.</summary>
internal sealed class EpisodeCommit
{
    public required ClaimedInstance Instance { get; init; }

    /// <summary>Gets or sets the execution id after the episode (changes on continue-as-new and rewind).</summary>
    public Guid NewExecutionId { get; set; }

    /// <summary>Gets or sets the history events to append (numbered from <see cref="FirstSeq"/>).</summary>
    public List<P.HistoryEvent> History { get; set; } = [];

    /// <summary>Gets or sets the sequence number of the first appended row (the old length, or 0 for a new execution).</summary>
    public int FirstSeq { get; set; }

    public OrchestrationRuntimeStatus Status { get; set; }

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    /// <summary>Gets or sets the failure (protobuf <c>TaskFailureDetails</c>) of a failed execution.</summary>
    public P.TaskFailureDetails? Failure { get; set; }

    /// <summary>Gets or sets a new input to store (continue-as-new), or <see langword="null"/> to keep it.</summary>
    public string? NewInput { get; set; }

    public bool SetInput { get; set; }

    /// <summary>Gets or sets a value indicating whether status, output, failure and custom status stay as stored (no code ran).</summary>
    public bool KeepState { get; set; }

    /// <summary>Gets or sets a value indicating whether the stored custom status is kept (terminate runs no code).</summary>
    public bool PreserveCustomStatus { get; set; }

    /// <summary>Gets the inbox ids consumed by the episode.</summary>
    public List<long> Consumed { get; } = [];

    /// <summary>Gets the inbox ids of messages that arrived before a delayed start; they wait for the start.</summary>
    public List<long> Deferred { get; } = [];

    public List<ActivityRequest> Activities { get; } = [];

    /// <summary>Gets inbox rows for this instance (timers, a continue-as-new start, carried-over events, rewind re-deliveries).</summary>
    public List<(Guid? ExecutionId, P.HistoryEvent Message, DateTime? VisibleAt)> OwnMessages { get; } = [];

    public List<ChildRequest> Children { get; } = [];

    public List<EventRequest> Events { get; } = [];

    /// <summary>Gets or sets the message to the parent when a sub-orchestration ends.</summary>
    public P.HistoryEvent? ParentMessage { get; set; }

    /// <summary>Gets or sets a value indicating whether the old execution ended (its tasks and timers are deleted).</summary>
    public bool EndsExecution { get; set; }

    /// <summary>Gets or sets a value indicating whether the old execution's history is deleted (continue-as-new, rewind).</summary>
    public bool ReplacesHistory { get; set; }

    /// <summary>Gets the running children whose parent link moves to the new execution (rewind).</summary>
    public List<(string InstanceId, int TaskId)> AdoptedChildren { get; } = [];

    /// <summary>Gets or sets a value indicating whether the episode only released the lease because a fused completion held the instance.</summary>
    public bool LeftAlone { get; set; }

    /// <summary>Gets or sets a value indicating whether the SDK runner's extended session now matches the committed history.</summary>
    public bool KeepsSession { get; set; }

    /// <summary>Gets or sets how many activities were inserted pre-leased to this worker.</summary>
    public int PreClaimed { get; set; }

    /// <summary>Gets a value indicating whether the commit changes the instance's status (what clients wait for).</summary>
    public bool ChangesStatus => !this.KeepState && this.Status != this.Instance.Status;

    /// <summary>Gets the history length after the commit.</summary>
    public int NewHistoryLength => this.FirstSeq + this.History.Count;
}
