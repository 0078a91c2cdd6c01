using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Execution;

namespace WebsiteFactory.Functions.Triggers;

/// <summary>What every generated activity trigger (<see cref="WorkflowTriggers"/>) runs.</summary>
public static class ActivityTriggers
{
    /// <summary>
    /// Creates the activity from the invocation's services, as the SDK's registry does, and runs it inside an
    /// <see cref="IActivityExecutionAccessor"/> scope that carries the function's cancellation token.
    /// </summary>
    /// <typeparam name="TActivity">The product activity.</typeparam>
    /// <typeparam name="TInput">Its input type.</typeparam>
    /// <typeparam name="TOutput">Its output type.</typeparam>
    /// <param name="name">The activity's task name (its function name).</param>
    /// <param name="input">The input the extension deserialized from the orchestrator's call.</param>
    /// <param name="client">The trigger's Durable Functions client, current for <see cref="FunctionsOrchestrationStarter"/> during the call.</param>
    /// <param name="context">The invocation's function context.</param>
    /// <returns>The activity's output.</returns>
    /// <remarks>
    /// Durable Functions tells an activity trigger the calling instance (binding data <c>instanceId</c>) but neither the
    /// task id nor the delivery count, so <see cref="ActivityExecution.TaskId"/> is -1 and
    /// <see cref="ActivityExecution.DeliveryCount"/> 1 here: activities key their idempotency on their input.
    /// </remarks>
    public static async Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, DurableTaskClient client, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        var instanceId = InstanceId(context);
        using (FunctionsOrchestrationStarter.Enter(client))
        using (ActivityExecutionAccessor.Enter(new ActivityExecution(instanceId, TaskId: -1, DeliveryCount: 1, context.CancellationToken)))
        {
            return await activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
        }
    }

    /// <summary>The orchestration instance that scheduled the call (the activity trigger's binding data).</summary>
    /// <param name="context">The invocation's function context.</param>
    /// <returns>The instance id, or the invocation id when the binding data lacks it.</returns>
    public static string InstanceId(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id?.ToString() is { Length: > 0 } value
            ? value
            : context.InvocationId;
    }

    /// <summary>The SDK's activity context for a call that arrived through a Functions activity trigger.</summary>
    /// <param name="name">The activity's task name.</param>
    /// <param name="instanceId">The calling orchestration instance.</param>
    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        /// <inheritdoc/>
        public override TaskName Name { get; } = new(name);

        /// <inheritdoc/>
        public override string InstanceId { get; } = instanceId;
    }
}
