using System.Runtime.CompilerServices;

namespace WebsiteFactory.Workflows;

/// <summary>
/// Starts and manages orchestration instances (mirrors <c>Microsoft.DurableTask.Client.DurableTaskClient</c>). The
/// embedded engine implements it on PostgreSQL; the Azure Functions host adapts the Durable Functions client to it.
/// The Server's HTTP and management APIs are written against this interface only.
/// </summary>
/// <remarks>
/// Every management action (terminate, suspend, resume, rewind, restart) is delivered to the instance as a message
/// and appended to its history with its reason. Validation errors change nothing: <see cref="ArgumentException"/>
/// (bad or unknown names, unserializable or oversized payloads: HTTP 400), <see cref="OrchestrationNotFoundException"/>
/// (HTTP 404), <see cref="OrchestrationAlreadyExistsException"/> (HTTP 409), <see cref="InvalidOrchestrationStateException"/>
/// (HTTP 409/410).
/// </remarks>
public interface IWorkflowClient
{
    /// <summary>Schedules a new orchestration instance.</summary>
    /// <param name="orchestratorName">The registered orchestrator name.</param>
    /// <param name="input">The input; must be JSON-serializable and within the payload limit.</param>
    /// <param name="options">Instance id, delayed start, version and deduplication.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="ArgumentException">Unknown orchestrator or version, invalid instance id, or an unserializable/oversized input.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with that id exists in a blocking status.</exception>
    Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    /// <summary>Gets an instance's metadata, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>The metadata, or <see langword="null"/>.</returns>
    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Queries instances, one page at a time, newest first.</summary>
    /// <param name="query">The filter and page request.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A page and the continuation token for the next one.</returns>
    Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default);

    /// <summary>Enumerates all instances matching a filter, fetching pages as needed.</summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="cancellation">Cancels the enumeration.</param>
    /// <returns>The instances.</returns>
    async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        OrchestrationQuery query = filter ?? new OrchestrationQuery();
        while (true)
        {
            Page<OrchestrationMetadata> page = await this.QueryInstancesAsync(query, cancellation).ConfigureAwait(false);
            foreach (OrchestrationMetadata item in page.Values)
            {
                yield return item;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>Raises an external event on a running (or suspended or pending) instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="eventPayload">The payload; must be JSON-serializable.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A task that completes once the event is durably queued.</returns>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOrchestrationStateException">The instance has finished.</exception>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    /// <summary>Terminates a non-terminal instance. Its pending activities and timers are dropped; children keep running unless <paramref name="recursive"/>.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Recorded in history and as the instance output.</param>
    /// <param name="recursive">Also terminate running sub-orchestrations.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A task that completes once the request is durably queued.</returns>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOrchestrationStateException">The instance has already finished.</exception>
    Task TerminateInstanceAsync(string instanceId, string? reason = null, bool recursive = false, CancellationToken cancellation = default);

    /// <summary>Suspends a running instance: events and results are kept but not delivered to its code until resumed.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Recorded in history.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A task that completes once the request is durably queued.</returns>
    Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    /// <summary>Resumes a suspended instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Recorded in history.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A task that completes once the request is durably queued.</returns>
    Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    /// <summary>
    /// Rewinds a Failed instance: failed activities and sub-orchestrations run again (failed children are rewound
    /// recursively) while every completed result is kept, so finished work is not redone.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Recorded in history.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>A task that completes once the request is durably queued.</returns>
    /// <exception cref="InvalidOrchestrationStateException">The instance is not Failed.</exception>
    Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    /// <summary>Restarts a finished instance with its original name, version and input.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="restartWithNewInstanceId">Start a new instance (new id) instead of replacing this one.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="InvalidOrchestrationStateException">The instance is still running (with the same id).</exception>
    Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default);

    /// <summary>Deletes a finished instance with its history and messages.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="recursive">Also purge its sub-orchestrations.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>How many instances were deleted (0 when it did not exist).</returns>
    /// <exception cref="InvalidOrchestrationStateException">The instance is not Completed, Failed or Terminated.</exception>
    Task<PurgeResult> PurgeInstanceAsync(string instanceId, bool recursive = false, CancellationToken cancellation = default);

    /// <summary>Deletes finished instances matching a filter (non-terminal ones are never purged).</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>How many instances were deleted.</returns>
    Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default);

    /// <summary>Waits until the instance has started (is no longer Pending).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="cancellation">Ends the wait.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Waits until the instance is Completed, Failed or Terminated.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="cancellation">Ends the wait.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Gets the history of the instance's current execution, oldest first.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellation">Cancels the call.</param>
    /// <returns>The events.</returns>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default);
}
