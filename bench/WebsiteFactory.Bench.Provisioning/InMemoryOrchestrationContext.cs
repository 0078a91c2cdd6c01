using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// Runs orchestrator code directly (no persistence, no replay) on a possibly accelerated clock: activities through the
/// same SDK registrations and JSON boundary (<see cref="WorkflowSerialization.Converter"/>) as the hosts, retry handlers
/// and policies honoured, timers as clock delays, failures as the SDK reports them (<see cref="TaskFailedException"/>
/// with the thrower's <see cref="TaskFailureDetails"/>). It lets the benchmark time the pipeline and the rate budgets in
/// minutes of simulated time, which a durable host (real-time timers) cannot.
/// </summary>
internal sealed class InMemoryOrchestrationContext(TaskName name, string instanceId, IServiceProvider services, TimeProvider clock) : TaskOrchestrationContext
{
    private static readonly DataConverter Json = WorkflowSerialization.Converter;
    private readonly InMemoryTaskCatalog _catalog = services.GetRequiredService<InMemoryTaskCatalog>();
    private int _taskId;

    public override TaskName Name => name;

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => clock.GetUtcNow().UtcDateTime;

    public override bool IsReplaying => false;

    public object? CustomStatus { get; private set; }

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Runs <paramref name="orchestrator"/> to its end; its exception (e.g. a failed step) propagates as thrown.</summary>
    public static async Task<TOut> RunAsync<TOut>(string orchestrator, object input, string instanceId, IServiceProvider services, TimeProvider clock)
    {
        if (!services.GetRequiredService<InMemoryTaskCatalog>().Orchestrators.TryGetValue(orchestrator, out var factory))
        {
            throw new InvalidOperationException($"Unknown orchestrator {orchestrator}.");
        }

        var context = new InMemoryOrchestrationContext(orchestrator, instanceId, services, clock);
        var impl = factory(services);
        var typedInput = Json.Deserialize(Json.Serialize(input), impl.InputType);
        var output = await impl.RunAsync(context, typedInput).ConfigureAwait(false);
        return Json.Deserialize<TOut>(Json.Serialize(output))!;
    }

    public override T? GetInput<T>() where T : default => default;

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var started = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunActivityAsync<TResult>(name.Name, input).ConfigureAwait(false);
            }
            catch (TaskFailedException e) when (options?.Retry is not null)
            {
                var elapsed = CurrentUtcDateTime - started;
                if (options.Retry.Handler is { } handler)
                {
                    if (!await handler(new RetryContext(this, attempt, e.FailureDetails, elapsed, CancellationToken.None)).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
                else if (options.Retry.Policy is { } policy && ShouldRetry(policy, attempt, e, elapsed))
                {
                    await CreateTimer(Delay(policy, attempt), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    throw;
                }
            }
        }
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var childId = (options as SubOrchestrationOptions)?.InstanceId ?? Guid.NewGuid().ToString("N");
        try
        {
            return await RunAsync<TResult>(orchestratorName.Name, input!, childId, services, clock).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // As on a durable host: the parent sees the failed child's own failure details (type and message).
            throw new TaskFailedException(orchestratorName.Name, -1, TaskFailureDetails.FromException(e));
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var delay = fireAt - CurrentUtcDateTime;
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, clock, cancellationToken);
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("External events are not used by the provisioning workflows.");

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new NotSupportedException("Events are not used by the provisioning workflows.");

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("ContinueAsNew is not used by the provisioning workflows.");

    public override Guid NewGuid() => Guid.NewGuid();

    private static bool ShouldRetry(RetryPolicy policy, int attempt, TaskFailedException failure, TimeSpan elapsed) =>
        attempt < policy.MaxNumberOfAttempts
        && (policy.RetryTimeout == Timeout.InfiniteTimeSpan || elapsed < policy.RetryTimeout)
        && policy.Handle(failure);

    private static TimeSpan Delay(RetryPolicy policy, int attempt)
    {
        var ticks = policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return ticks >= policy.MaxRetryInterval.Ticks ? policy.MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }

    private async Task<TResult> RunActivityAsync<TResult>(string activityName, object? input)
    {
        if (!_catalog.Activities.TryGetValue(activityName, out var factory))
        {
            throw new InvalidOperationException($"Unknown activity {activityName}.");
        }

        var id = Interlocked.Increment(ref _taskId);
        await using var scope = services.CreateAsyncScope();
        var activity = factory(scope.ServiceProvider);
        try
        {
            // What the hosts do around each call: the activity reads its task id and cancellation from the accessor.
            using var call = ActivityExecutionAccessor.Enter(new ActivityExecution(instanceId, id, 1, CancellationToken.None));
            var typed = Json.Deserialize(Json.Serialize(input), activity.InputType);
            var output = await activity.RunAsync(new InMemoryActivityContext(activityName, instanceId), typed).ConfigureAwait(false);
            return Json.Deserialize<TResult>(Json.Serialize(output))!;
        }
        catch (Exception e)
        {
            throw new TaskFailedException(activityName, id, TaskFailureDetails.FromException(e));
        }
    }

    private sealed class InMemoryActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => instanceId;
    }
}
