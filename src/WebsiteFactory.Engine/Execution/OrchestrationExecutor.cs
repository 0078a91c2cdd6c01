using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// Runs one orchestration execution: replays its history through the orchestrator code, then applies new messages,
/// recording the events and actions that the episode must commit. The same object stays alive between episodes when
/// cached (a cursor), so a hot instance only processes its new events.
/// </summary>
/// <remarks>
/// Actions the code issues while replaying are matched, by task id, against the scheduling events in history; a
/// mismatch fails the instance with <see cref="NonDeterministicOrchestrationException"/>. Actions left unmatched when
/// replay ends are new (as in DTFx), which is also how a rewound history re-runs only its failed steps.
/// </remarks>
internal sealed class OrchestrationExecutor : IOrchestrationContext
{
    /// <summary>The DTFx namespace for deterministic GUIDs.</summary>
    private static readonly Guid GuidNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    private readonly ExecutorEnvironment env;
    private readonly EpisodeScheduler scheduler = new();
    private readonly Dictionary<int, OpenTask> open = [];
    private readonly SortedDictionary<int, (HistoryRecord Event, object? Request)> pending = [];
    private readonly LinkedList<(string Name, byte[]? Payload)> buffered = new();
    private readonly Dictionary<string, LinkedList<OpenTask>> waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryRecord> stashed = [];
    private int nextTaskId;
    private int guidCounter;
    private bool suspended;
    private Task<object?>? orchestratorTask;
    private byte[]? input;

    public OrchestrationExecutor(ExecutorEnvironment env, string instanceId, string name, string version, ParentOrchestrationInstance? parent, Guid executionId)
    {
        this.env = env;
        this.InstanceId = instanceId;
        this.Name = name;
        this.Version = version;
        this.Parent = parent;
        this.ExecutionId = executionId;
        this.IsReplaying = true;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public ParentOrchestrationInstance? Parent { get; }

    public string Version { get; }

    public Guid ExecutionId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; private set; }

    /// <summary>Gets the output collected by the current episode.</summary>
    public EpisodeOutput Output { get; } = new();

    /// <summary>Gets the final state once the execution has ended.</summary>
    public ExecutionResult? Result { get; private set; }

    /// <summary>Gets the requested continue-as-new input, when the execution continued as new.</summary>
    public (byte[]? Input, bool PreserveEvents)? ContinueAsNewRequest { get; private set; }

    /// <summary>Gets the current custom status (serialized).</summary>
    public byte[]? CustomStatus { get; private set; }

    /// <summary>Gets the input of this execution (serialized).</summary>
    public byte[]? Input => this.input;

    /// <summary>Gets a value indicating whether the instance is suspended.</summary>
    public bool IsSuspended => this.suspended;

    /// <summary>Gets external events received but not consumed, oldest first (carried over by continue-as-new).</summary>
    public IEnumerable<(string Name, byte[]? Payload)> UnconsumedEvents => this.buffered;

    /// <summary>Gets the number of history events this executor has seen (replayed plus recorded).</summary>
    public int HistoryCount { get; set; }

    /// <summary>Replays committed history. Throws <see cref="NonDeterministicOrchestrationException"/> on divergence.</summary>
    public void Replay(IEnumerable<HistoryRecord> history)
    {
        this.scheduler.Run(() =>
        {
            foreach (HistoryRecord record in history)
            {
                this.HistoryCount++;
                this.Process(record);
                this.ThrowIfViolated();
            }
        });
    }

    /// <summary>
    /// Ends replay and starts a new episode at <paramref name="now"/> (database time): records <c>OrchestratorStarted</c>
    /// and <paramref name="markers"/>, then emits the actions issued during replay that history does not contain (new
    /// actions, as in DTFx; after a rewind, the failed steps to run again).
    /// </summary>
    public void BeginEpisode(DateTime now, params HistoryRecord[] markers)
    {
        this.IsReplaying = false;
        this.Output.Clear();
        this.CurrentUtcDateTime = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        this.Record(new HistoryRecord(HistoryEventType.OrchestratorStarted, this.CurrentUtcDateTime));
        foreach (HistoryRecord marker in markers)
        {
            this.Record(marker);
        }

        foreach ((HistoryRecord Event, object? Request) action in this.pending.Values)
        {
            this.Emit(action.Event, action.Request);
        }

        this.pending.Clear();
    }

    /// <summary>Abandons replay after a divergence, so that the failure can be recorded.</summary>
    public void AbortReplay()
    {
        this.pending.Clear();
        this.IsReplaying = false;
    }

    /// <summary>Applies one new event: records it (if it matters) and runs the code it unblocks.</summary>
    public void ApplyNew(HistoryRecord record)
    {
        if (this.Result is not null)
        {
            return;
        }

        this.scheduler.Run(() =>
        {
            if (!this.ShouldRecord(record))
            {
                return;
            }

            this.Record(record);
            this.Process(record);
            this.ThrowIfViolated();
        });
    }

    /// <summary>Checks the orchestrator's state at the end of an episode and sets <see cref="Result"/> when it has finished or is stuck.</summary>
    public void CompleteEpisode()
    {
        if (this.Result is not null || this.orchestratorTask is null)
        {
            return;
        }

        if (this.scheduler.Violation is { } violation)
        {
            this.Fail(new TaskFailureDetails(typeof(InvalidOperationException).FullName!, "Non-deterministic orchestration: " + violation));
            return;
        }

        if (!this.orchestratorTask.IsCompleted && this.open.Count == 0 && !this.waiters.Values.Any(w => w.Count > 0))
        {
            this.Fail(new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                "The orchestrator is blocked on something that is not a durable task (Task.Delay, Task.Run, I/O, a lock or a " +
                "TaskCompletionSource): it can never be resumed. Use the context's timers, activities and events only."));
        }
    }

    /// <summary>Fails the execution (engine-detected problems: non-determinism, missing registrations).</summary>
    public void Fail(TaskFailureDetails failure)
    {
        if (this.Result is not null)
        {
            return;
        }

        this.Result = new ExecutionResult(OrchestrationRuntimeStatus.Failed, null, failure);
        this.ContinueAsNewRequest = null;
        this.Record(new HistoryRecord(HistoryEventType.ExecutionCompleted, this.CurrentUtcDateTime)
        {
            Failure = FailureJson.Serialize(failure),
            Extra = nameof(OrchestrationRuntimeStatus.Failed),
        });
    }

    // ---- IOrchestrationContext -------------------------------------------------------------------------------------

    public T? GetInput<T>()
    {
        this.EnsureOnScheduler();
        return this.input is null ? default : (T?)this.env.Converter.Deserialize(this.input, typeof(T));
    }

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        this.EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        byte[]? payload = this.env.Serialize(input, $"the input of activity '{name}'");
        return options?.Retry is { } retry
            ? this.WithRetry(retry, name, first => this.ScheduleActivity<TResult>(name, payload, first))
            : this.ScheduleActivity<TResult>(name, payload, null);
    }

    public Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        this.EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        byte[]? payload = this.env.Serialize(input, $"the input of sub-orchestration '{orchestratorName}'");
        string? instanceId = (options as SubOrchestrationOptions)?.InstanceId;
        string? version = options?.Version;
        return options?.Retry is { } retry
            ? this.WithRetry(retry, orchestratorName, first => this.ScheduleChild<TResult>(orchestratorName, instanceId, version, payload, first))
            : this.ScheduleChild<TResult>(orchestratorName, instanceId, version, payload, null);
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        => this.ScheduleTimer(fireAt, null, cancellationToken);

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        this.EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        for (LinkedListNode<(string Name, byte[]? Payload)>? node = this.buffered.First; node is not null; node = node.Next)
        {
            if (string.Equals(node.Value.Name, eventName, StringComparison.OrdinalIgnoreCase))
            {
                this.buffered.Remove(node);
                var ready = new OpenTask<T>(HistoryEventType.EventRaised, eventName, -1);
                ready.Complete(node.Value.Payload, this.env.Converter);
                return ready.Task;
            }
        }

        var waiter = new OpenTask<T>(HistoryEventType.EventRaised, eventName, -1);
        if (!this.waiters.TryGetValue(eventName, out LinkedList<OpenTask>? list))
        {
            this.waiters[eventName] = list = new LinkedList<OpenTask>();
        }

        LinkedListNode<OpenTask> entry = list.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (entry.List is not null)
                {
                    list.Remove(entry);
                    waiter.Cancel();
                }
            });
        }

        return waiter.Task;
    }

    public void SendEvent(string instanceId, string eventName, object? payload)
    {
        this.EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        byte[]? data = this.env.Serialize(payload, $"event '{eventName}'");
        int id = this.nextTaskId++;
        var record = new HistoryRecord(HistoryEventType.EventSent, this.CurrentUtcDateTime) { TaskId = id, Name = eventName, Extra = instanceId, Payload = data };
        this.Act(record, new EventRequest(instanceId, eventName, data));
    }

    public void SetCustomStatus(object? customStatus)
    {
        this.EnsureOnScheduler();
        this.CustomStatus = this.env.Serialize(customStatus, "the custom status");
    }

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        this.EnsureOnScheduler();
        this.ContinueAsNewRequest = (this.env.Serialize(newInput, "the continue-as-new input"), preserveUnprocessedEvents);
    }

    public Guid NewGuid()
    {
        this.EnsureOnScheduler();
        string name = $"{this.InstanceId}_{this.CurrentUtcDateTime:o}_{this.guidCounter++}";
        return CreateNameBasedGuid(GuidNamespace, name);
    }

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, this.env.LoggerFactory.CreateLogger(categoryName));

    // ---- Actions -------------------------------------------------------------------------------------------------

    private Task<TResult> ScheduleActivity<TResult>(string name, byte[]? payload, int? retryOf)
    {
        int id = this.nextTaskId++;
        var task = new OpenTask<TResult>(HistoryEventType.TaskScheduled, name, id);
        this.open[id] = task;
        var record = new HistoryRecord(HistoryEventType.TaskScheduled, this.CurrentUtcDateTime)
        {
            TaskId = id, Name = name, Payload = payload, Extra = retryOf is { } r ? RetryMark(r) : null,
        };
        this.Act(record, new ActivityRequest(id, name, payload));
        return task.Task;
    }

    private Task<TResult> ScheduleChild<TResult>(string name, string? instanceId, string? version, byte[]? payload, int? retryOf)
    {
        int id = this.nextTaskId++;
        string childId = instanceId ?? $"{this.InstanceId}:{id:X4}";
        var task = new OpenTask<TResult>(HistoryEventType.SubOrchestrationInstanceCreated, name, id);
        this.open[id] = task;
        var record = new HistoryRecord(HistoryEventType.SubOrchestrationInstanceCreated, this.CurrentUtcDateTime)
        {
            TaskId = id, Name = name, Payload = payload, Extra = childId,
        };
        if (retryOf is { } r)
        {
            record.Extra = childId + "\n" + RetryMark(r);
        }

        this.Act(record, new ChildRequest(id, childId, name, version, payload));
        return task.Task;
    }

    private Task<object?> ScheduleTimer(DateTime fireAt, int? retryOf, CancellationToken cancellationToken)
    {
        this.EnsureOnScheduler();
        fireAt = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        int id = this.nextTaskId++;
        var task = new OpenTask<object?>(HistoryEventType.TimerCreated, "timer", id);
        this.open[id] = task;
        var record = new HistoryRecord(HistoryEventType.TimerCreated, this.CurrentUtcDateTime)
        {
            TaskId = id, FireAt = fireAt, Name = retryOf is null ? null : "retry", Extra = retryOf is { } r ? RetryMark(r) : null,
        };
        this.Act(record, new HistoryRecord(HistoryEventType.TimerFired, fireAt) { TaskId = id, FireAt = fireAt });
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (this.open.Remove(id))
                {
                    task.Cancel();
                }
            });
        }

        return task.Task;
    }

    private async Task<TResult> WithRetry<TResult>(TaskRetryOptions retry, string name, Func<int?, Task<TResult>> attempt)
    {
        DateTime firstAttemptAt = this.CurrentUtcDateTime;
        int firstTaskId = this.nextTaskId;
        int failedAttempts = 0;
        while (true)
        {
            try
            {
                // The first attempt is unmarked; later attempts and their backoff timers name the first task id, so a
                // rewind can drop a whole failed retry chain and start it over.
                return await attempt(failedAttempts == 0 ? null : firstTaskId);
            }
            catch (TaskFailedException failure)
            {
                failedAttempts++;
                TimeSpan elapsed = this.CurrentUtcDateTime - firstAttemptAt;
                if (retry.Policy is { } policy)
                {
                    if (!policy.ShouldRetry(failedAttempts, failure.FailureDetails, elapsed))
                    {
                        throw;
                    }

                    await this.ScheduleTimer(this.CurrentUtcDateTime + policy.GetDelay(failedAttempts), firstTaskId, CancellationToken.None);
                }
                else if (!await retry.Handler!(new RetryContext(this, failedAttempts, failure.FailureDetails, elapsed, CancellationToken.None)))
                {
                    throw;
                }
            }
        }
    }

    private static string RetryMark(int firstTaskId) => $"retry-of:{firstTaskId}";

    /// <summary>Records a scheduling action now, or, during replay, remembers it until history confirms it.</summary>
    private void Act(HistoryRecord record, object? request)
    {
        if (this.IsReplaying)
        {
            this.pending[record.TaskId] = (record, request);
        }
        else
        {
            this.Emit(record, request);
        }
    }

    private void Emit(HistoryRecord record, object? request)
    {
        this.Record(record);
        switch (request)
        {
            case ActivityRequest activity:
                this.Output.Activities.Add(activity);
                break;
            case ChildRequest child:
                this.Output.Children.Add(child);
                break;
            case EventRequest sent:
                this.Output.Events.Add(sent);
                break;
            case HistoryRecord timer:
                this.Output.Timers.Add(timer);
                break;
        }
    }

    private void Record(HistoryRecord record)
    {
        if (!this.IsReplaying)
        {
            this.Output.NewHistory.Add(record);
            this.HistoryCount++;
        }
    }

    // ---- Event processing ----------------------------------------------------------------------------------------

    private bool ShouldRecord(HistoryRecord record) => record.Kind switch
    {
        HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired
            or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed
            => this.open.ContainsKey(record.TaskId) && !this.stashed.Exists(s => s.TaskId == record.TaskId && s.Kind == record.Kind),
        HistoryEventType.ExecutionStarted => this.orchestratorTask is null,
        _ => true,
    };

    private void Process(HistoryRecord record)
    {
        switch (record.Kind)
        {
            case HistoryEventType.OrchestratorStarted:
                this.CurrentUtcDateTime = DateTime.SpecifyKind(record.Timestamp, DateTimeKind.Utc);
                break;
            case HistoryEventType.ExecutionStarted:
                this.Start(record);
                break;
            case HistoryEventType.TaskScheduled:
            case HistoryEventType.TimerCreated:
            case HistoryEventType.SubOrchestrationInstanceCreated:
            case HistoryEventType.EventSent:
                if (this.IsReplaying)
                {
                    this.Match(record);
                }

                break;
            case HistoryEventType.TaskCompleted:
            case HistoryEventType.TaskFailed:
            case HistoryEventType.TimerFired:
            case HistoryEventType.SubOrchestrationInstanceCompleted:
            case HistoryEventType.SubOrchestrationInstanceFailed:
            case HistoryEventType.EventRaised:
                if (this.suspended)
                {
                    this.stashed.Add(record);
                }
                else
                {
                    this.Deliver(record);
                }

                break;
            case HistoryEventType.ExecutionSuspended:
                this.suspended = true;
                break;
            case HistoryEventType.ExecutionResumed:
                this.suspended = false;
                foreach (HistoryRecord held in this.stashed.ToArray())
                {
                    this.stashed.Remove(held);
                    this.Deliver(held);
                }

                break;
            case HistoryEventType.ExecutionCompleted:
                this.Result ??= new ExecutionResult(
                    Enum.TryParse(record.Extra, out OrchestrationRuntimeStatus status) ? status : OrchestrationRuntimeStatus.Completed,
                    record.Payload,
                    FailureJson.Deserialize(record.Failure));
                break;
        }

        this.CheckCompletion();
    }

    private void Start(HistoryRecord record)
    {
        this.input = record.Payload;
        if (!this.env.Catalog.TryGetOrchestrator(this.Name, this.Version, out OrchestratorRegistration? registration))
        {
            IReadOnlyList<string> versions = this.env.Catalog.GetVersions(this.Name);
            this.Fail(new TaskFailureDetails(
                "OrchestratorNotFound",
                versions.Count == 0
                    ? $"No orchestrator named '{this.Name}' is registered in this worker."
                    : $"Orchestrator '{this.Name}' has no registered version '{this.Version}' (this instance started on it); registered versions: {string.Join(", ", versions.Select(v => $"'{v}'"))}. Keep old versions registered until their instances finish."));
            return;
        }

        IOrchestrator orchestrator;
        object? typedInput;
        try
        {
            orchestrator = registration.Factory(this.env.Services);
            typedInput = this.input is null ? null : this.env.Converter.Deserialize(this.input, orchestrator.InputType);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            this.Fail(TaskFailureDetails.FromException(e));
            return;
        }

        try
        {
            this.orchestratorTask = orchestrator.RunAsync(this, typedInput);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            this.orchestratorTask = Task.FromException<object?>(e);
        }
    }

    private void Match(HistoryRecord recorded)
    {
        if (!this.pending.Remove(recorded.TaskId, out (HistoryRecord Event, object? Request) issued))
        {
            throw new NonDeterministicOrchestrationException(recorded.TaskId, recorded.ToString(), "no such action (the code did not schedule it at this point)");
        }

        if (issued.Event.Kind != recorded.Kind
            || (recorded.Kind != HistoryEventType.TimerCreated && !string.Equals(issued.Event.Name, recorded.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NonDeterministicOrchestrationException(recorded.TaskId, recorded.ToString(), issued.Event.ToString());
        }
    }

    private void Deliver(HistoryRecord record)
    {
        if (record.Kind == HistoryEventType.EventRaised)
        {
            string name = record.Name ?? string.Empty;
            if (this.waiters.TryGetValue(name, out LinkedList<OpenTask>? list) && list.First is { } first)
            {
                list.RemoveFirst();
                first.Value.Complete(record.Payload, this.env.Converter);
            }
            else
            {
                this.buffered.AddLast((name, record.Payload));
            }

            return;
        }

        if (!this.open.Remove(record.TaskId, out OpenTask? task))
        {
            return;
        }

        switch (record.Kind)
        {
            case HistoryEventType.TaskFailed:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                TaskFailureDetails details = FailureJson.Deserialize(record.Failure) ?? new TaskFailureDetails("(unknown)", "(unknown)");
                task.Fail(new TaskFailedException(task.Name, task.TaskId, details));
                break;
            default:
                task.Complete(record.Payload, this.env.Converter);
                break;
        }
    }

    private void CheckCompletion()
    {
        if (this.Result is not null || this.orchestratorTask is not { IsCompleted: true } done)
        {
            return;
        }

        if (done.IsCompletedSuccessfully)
        {
            if (this.ContinueAsNewRequest is not null)
            {
                this.Result = new ExecutionResult(OrchestrationRuntimeStatus.ContinuedAsNew, null, null);
                return;
            }

            byte[]? output;
            try
            {
                output = this.env.Serialize(done.Result, $"the output of orchestration '{this.Name}'");
            }
            catch (ArgumentException e)
            {
                this.Fail(TaskFailureDetails.FromException(e));
                return;
            }

            this.Result = new ExecutionResult(OrchestrationRuntimeStatus.Completed, output, null);
            this.Record(new HistoryRecord(HistoryEventType.ExecutionCompleted, this.CurrentUtcDateTime)
            {
                Payload = output,
                Extra = nameof(OrchestrationRuntimeStatus.Completed),
            });
            return;
        }

        Exception error = done.Exception?.InnerException ?? (Exception)new TaskCanceledException("The orchestrator was cancelled.");
        this.Fail(TaskFailureDetails.FromException(error));
    }

    private void ThrowIfViolated()
    {
        if (this.scheduler.Violation is not null)
        {
            this.CompleteEpisode();
        }
    }

    private void EnsureOnScheduler()
    {
        if (!this.scheduler.IsOwnerThread)
        {
            throw new InvalidOperationException(
                "Multithreaded execution was detected: orchestration context methods may only be called from the orchestrator's own " +
                "thread. Do not use Task.Run, ConfigureAwait(false) or non-durable awaits in orchestrator code.");
        }
    }

#pragma warning disable CA5350 // RFC 4122 name-based (version 5) UUIDs are defined on SHA-1; this is not a security use.
    private static Guid CreateNameBasedGuid(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] buffer = new byte[16 + nameBytes.Length];
        ns.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
#pragma warning restore CA5350
}
