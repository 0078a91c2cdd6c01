using Microsoft.Extensions.Logging;

namespace WebsiteFactory.Workflows;

/// <summary>
/// The context an orchestrator runs in. Mirrors <c>Microsoft.DurableTask.TaskOrchestrationContext</c> member for
/// member, so the same orchestrator code runs on Azure Durable Functions (through a thin adapter) and on the
/// embedded engine.
/// </summary>
/// <remarks>
/// <para>
/// Orchestrator code is replayed: every time the orchestration wakes up, the code runs again from the top against
/// the recorded history, and already-completed tasks complete synchronously from that history. The code must
/// therefore be deterministic. Use <see cref="CurrentUtcDateTime"/> instead of <see cref="DateTime.UtcNow"/>,
/// <see cref="NewGuid"/> instead of <see cref="Guid.NewGuid"/>, <see cref="CreateTimer(DateTime, CancellationToken)"/>
/// instead of <see cref="Task.Delay(TimeSpan)"/>, and activities for any I/O. Never use <c>Task.Run</c> or
/// <c>ConfigureAwait(false)</c>: continuations must stay on the engine's single-threaded replay scheduler.
/// </para>
/// <para>
/// The convenience overloads have default implementations in terms of the core members, matching the SDK's
/// behaviour (for example, <see cref="WaitForExternalEvent{T}(string, TimeSpan)"/> is a durable timer raced
/// against the event, and throws <see cref="TaskCanceledException"/> when the timer wins).
/// </para>
/// </remarks>
public interface IOrchestrationContext
{
    /// <summary>Gets the registered name of the running orchestrator.</summary>
    string Name { get; }

    /// <summary>Gets the instance id of the running orchestration.</summary>
    string InstanceId { get; }

    /// <summary>Gets the parent orchestration when this one runs as a sub-orchestration; otherwise <see langword="null"/>.</summary>
    ParentOrchestrationInstance? Parent { get; }

    /// <summary>Gets the orchestrator version this instance started on (empty when unversioned).</summary>
    string Version { get; }

    /// <summary>
    /// Gets the current date and time in UTC, deterministically: the time the current episode started, as recorded in
    /// history. It does not advance while the code runs.
    /// </summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>Gets a value indicating whether the code is currently replaying recorded history.</summary>
    /// <remarks>Use it to suppress side effects such as logging; <see cref="CreateReplaySafeLogger(string)"/> does that for you.</remarks>
    bool IsReplaying { get; }

    /// <summary>Deserializes the orchestration input.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <returns>The input, or <see langword="default"/> when there is none.</returns>
    T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result when it completes.</summary>
    /// <typeparam name="TResult">The activity's result type.</typeparam>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The activity input; must be JSON-serializable.</param>
    /// <param name="options">Optional retry policy/handler.</param>
    /// <returns>The activity result.</returns>
    /// <exception cref="TaskFailedException">The activity failed (after the retries the policy allows).</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The activity input; must be JSON-serializable.</param>
    /// <param name="options">Optional retry policy/handler.</param>
    /// <returns>A task that completes when the activity has completed.</returns>
    /// <exception cref="TaskFailedException">The activity failed (after the retries the policy allows).</exception>
    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => this.CallActivityAsync<object?>(name, input, options);

    /// <summary>Schedules an activity without input.</summary>
    /// <param name="name">The registered activity name.</param>
    /// <param name="options">Retry policy/handler.</param>
    /// <returns>A task that completes when the activity has completed.</returns>
    Task CallActivityAsync(string name, TaskOptions options) => this.CallActivityAsync<object?>(name, null, options);

    /// <summary>Schedules an activity without input and returns its result.</summary>
    /// <typeparam name="TResult">The activity's result type.</typeparam>
    /// <param name="name">The registered activity name.</param>
    /// <param name="options">Retry policy/handler.</param>
    /// <returns>The activity result.</returns>
    Task<TResult> CallActivityAsync<TResult>(string name, TaskOptions options) => this.CallActivityAsync<TResult>(name, null, options);

    /// <summary>
    /// Starts a sub-orchestration and returns its output when it completes. Pass a <see cref="SubOrchestrationOptions"/>
    /// (or <c>TaskOptions.WithInstanceId</c>) to choose the child's instance id; otherwise it is derived
    /// deterministically from the parent's id.
    /// </summary>
    /// <typeparam name="TResult">The sub-orchestration's output type.</typeparam>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input; must be JSON-serializable.</param>
    /// <param name="options">Retry policy, instance id and version of the child.</param>
    /// <returns>The child's output.</returns>
    /// <exception cref="TaskFailedException">The child failed, or could not be started (for example, its id is in use).</exception>
    Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration and waits for it to complete.</summary>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input; must be JSON-serializable.</param>
    /// <param name="options">Retry policy, instance id and version of the child.</param>
    /// <returns>A task that completes when the child has completed.</returns>
    Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null)
        => this.CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>Starts a sub-orchestration without input and returns its output.</summary>
    /// <typeparam name="TResult">The sub-orchestration's output type.</typeparam>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="options">Retry policy, instance id and version of the child.</param>
    /// <returns>The child's output.</returns>
    Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, TaskOptions options)
        => this.CallSubOrchestratorAsync<TResult>(orchestratorName, null, options);

    /// <summary>Creates a durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    /// <param name="fireAt">When the timer fires, in UTC.</param>
    /// <param name="cancellationToken">Cancels the timer: the returned task is then cancelled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Creates a durable timer that fires after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the timer: the returned task is then cancelled.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => this.CreateTimer(this.CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an external event raised with <see cref="IWorkflowClient.RaiseEventAsync"/> or
    /// <see cref="SendEvent"/>. Events that arrive before the wait are buffered, first in first out per name.
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="cancellationToken">Cancels the wait: the returned task is then cancelled.</param>
    /// <returns>The event payload.</returns>
    Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event, or throws <see cref="TaskCanceledException"/> when <paramref name="timeout"/> elapses first.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="timeout">The durable timeout.</param>
    /// <returns>The event payload.</returns>
    Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
        => this.WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <summary>Waits for an external event with a durable timeout and a cancellation token.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="timeout">The durable timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The event payload.</returns>
    /// <exception cref="TaskCanceledException">The timeout elapsed or the token was cancelled.</exception>
    async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timerCts = new CancellationTokenSource();
        Task timeoutTask = this.CreateTimer(timeout, timerCts.Token);
        using var eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> eventTask = this.WaitForExternalEvent<T>(eventName, eventCts.Token);

        // Must stay on the orchestration scheduler, hence no ConfigureAwait(false); and Cancel, not CancelAsync, whose
        // callbacks would run on the thread pool, outside the replay scheduler.
        Task winner = await Task.WhenAny(timeoutTask, eventTask);
#pragma warning disable CA1849 // Synchronous cancellation is required for deterministic replay.
        if (winner == eventTask)
        {
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
        }
#pragma warning restore CA1849

        return await eventTask;
    }

    /// <summary>Sends an event to another orchestration instance (fire and forget, recorded as <c>EventSent</c>).</summary>
    /// <param name="instanceId">The target instance id.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="payload">The payload; must be JSON-serializable.</param>
    void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets a JSON-serializable custom status, visible to clients once the current episode commits.</summary>
    /// <param name="customStatus">The status value, or <see langword="null"/> to clear it.</param>
    void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Restarts the orchestration with a new input and a fresh history once the current code returns (its return value
    /// is ignored). Use it for eternal loops.
    /// </summary>
    /// <param name="newInput">The new input.</param>
    /// <param name="preserveUnprocessedEvents">Carry external events not yet consumed over to the new execution.</param>
    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Creates a deterministic, name-based (version 5) GUID that is identical on every replay.</summary>
    /// <returns>A new GUID.</returns>
    Guid NewGuid();

    /// <summary>Creates a logger that writes only when the code is not replaying.</summary>
    /// <param name="categoryName">The logger category.</param>
    /// <returns>A replay-safe logger.</returns>
    ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>Creates a logger that writes only when the code is not replaying.</summary>
    /// <param name="type">The type whose full name is the category.</param>
    /// <returns>A replay-safe logger.</returns>
    ILogger CreateReplaySafeLogger(Type type) => this.CreateReplaySafeLogger(type.FullName ?? type.Name);

    /// <summary>Creates a logger that writes only when the code is not replaying.</summary>
    /// <typeparam name="T">The type whose full name is the category.</typeparam>
    /// <returns>A replay-safe logger.</returns>
    ILogger CreateReplaySafeLogger<T>() => this.CreateReplaySafeLogger(typeof(T));
}
