using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// Runs orchestrator code directly (no persistence, no replay) on a possibly accelerated clock: activities through the
/// same registrations and JSON boundary as the engine, retry handlers and policies honoured, timers as clock delays.
/// It lets the benchmark time the pipeline and the rate budgets in minutes of simulated time, which the durable engine
/// (real-time timers) cannot.
/// </summary>
internal sealed class InMemoryOrchestrationContext(string name, string instanceId, IServiceProvider services, TimeProvider clock) : IOrchestrationContext
{
    private static readonly DataConverter Json = JsonDataConverter.Default;
    private readonly WorkflowCatalog _catalog = services.GetRequiredService<WorkflowCatalog>();
    private int _taskId;

    public string Name => name;

    public string InstanceId => instanceId;

    public ParentOrchestrationInstance? Parent => null;

    public string Version => string.Empty;

    public DateTime CurrentUtcDateTime => clock.GetUtcNow().UtcDateTime;

    public bool IsReplaying => false;

    public object? CustomStatus { get; private set; }

    public T? GetInput<T>() => default;

    public static async Task<TOut> RunAsync<TOut>(string orchestrator, object input, string instanceId, IServiceProvider services, TimeProvider clock)
    {
        var catalog = services.GetRequiredService<WorkflowCatalog>();
        if (!catalog.TryGetOrchestrator(orchestrator, null, out var registration))
        {
            throw new InvalidOperationException($"Unknown orchestrator {orchestrator}.");
        }

        var context = new InMemoryOrchestrationContext(orchestrator, instanceId, services, clock);
        var impl = registration.Factory(services);
        var typedInput = Json.Deserialize(Json.Serialize(input), impl.InputType);
        var output = await impl.RunAsync(context, typedInput).ConfigureAwait(false);
        return Json.Deserialize<TOut>(Json.Serialize(output))!;
    }

    public async Task<TResult> CallActivityAsync<TResult>(string activityName, object? input = null, TaskOptions? options = null)
    {
        var started = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunActivityAsync<TResult>(activityName, input).ConfigureAwait(false);
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
                else if (options.Retry.Policy is { } policy && policy.ShouldRetry(attempt, e.FailureDetails, elapsed))
                {
                    await ((IOrchestrationContext)this).CreateTimer(policy.GetDelay(attempt), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    throw;
                }
            }
        }
    }

    private async Task<TResult> RunActivityAsync<TResult>(string activityName, object? input)
    {
        if (!_catalog.TryGetActivity(activityName, out var registration))
        {
            throw new InvalidOperationException($"Unknown activity {activityName}.");
        }

        var id = Interlocked.Increment(ref _taskId);
        await using var scope = services.CreateAsyncScope();
        var activity = registration.Factory(scope.ServiceProvider);
        try
        {
            var typed = Json.Deserialize(Json.Serialize(input), activity.InputType);
            var output = await activity.RunAsync(new ActivityContext(activityName, instanceId) { TaskId = id }, typed).ConfigureAwait(false);
            return Json.Deserialize<TResult>(Json.Serialize(output))!;
        }
        catch (Exception e) when (e is not TaskFailedException)
        {
            throw new TaskFailedException(activityName, id, TaskFailureDetails.FromException(e));
        }
    }

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var childId = (options as SubOrchestrationOptions)?.InstanceId ?? Guid.NewGuid().ToString("N");
        try
        {
            return await RunAsync<TResult>(orchestratorName, input!, childId, services, clock).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not TaskFailedException)
        {
            throw new TaskFailedException(orchestratorName, -1, TaskFailureDetails.FromException(e));
        }
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var delay = fireAt - CurrentUtcDateTime;
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, clock, cancellationToken);
    }

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("External events are not used by the provisioning workflows.");

    public void SendEvent(string instanceId, string eventName, object? payload) =>
        throw new NotSupportedException("Events are not used by the provisioning workflows.");

    public void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("ContinueAsNew is not used by the provisioning workflows.");

    public Guid NewGuid() => Guid.NewGuid();

    public ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;
}
