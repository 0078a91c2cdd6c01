using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Running activity calls: the worker loops and the SDK shim's input/output handling.</summary>
internal sealed partial class ActivityDispatcher
{
    private async Task WorkerLoopAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (ClaimedTask task in this.queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                TaskResult? result = await this.ExecuteAsync(task, stopping).ConfigureAwait(false);
                if (result is null)
                {
                    // Shut down or lost the lease: not reported; the lease expires and the task runs again.
                    this.Forget(task.Id);
                    this.Release(1);
                    continue;
                }

                this.results.Writer.TryWrite(result);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Forget(long id)
    {
        if (this.inFlight.TryRemove(id, out CancellationTokenSource? cts))
        {
            cts.Dispose();
        }
    }

    /// <summary>
    /// Runs one activity call as the SDK's activity shim does: input unwrapped from the array DTFx puts it in, converted
    /// with the worker's <see cref="DataConverter"/>, output serialized back; an exception becomes the call's failure.
    /// </summary>
    internal async Task<TaskResult?> ExecuteAsync(ClaimedTask task, CancellationToken stopping)
    {
        this.statistics.ActivityStarted();
        if (task.Attempt > this.options.MaxActivityDeliveries)
        {
            Log.PoisonActivity(this.logger, task.Name, task.InstanceId, task.Attempt);
            return Failed(task, ProtoEvents.Failure(
                "PoisonActivity",
                $"Activity '{task.Name}' was delivered {task.Attempt} times without completing (its worker crashed or lost the lease each time); it was failed to stop the loop."));
        }

        CancellationTokenSource leaseCts = this.inFlight.TryGetValue(task.Id, out CancellationTokenSource? cts) ? cts : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(leaseCts.Token, stopping);
        try
        {
            await using AsyncServiceScope scope = this.services.CreateAsyncScope();
            if (!this.factory.TryCreateActivity(new TaskName(task.Name), scope.ServiceProvider, out ITaskActivity? activity))
            {
                return Failed(task, ProtoEvents.Failure("ActivityTaskNotFound", $"No activity named '{task.Name}' is registered in this worker."));
            }

            object? input;
            try
            {
                input = this.converter.Deserialize(Unwrap(task.Input), activity.InputType);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                return Failed(task, ProtoEvents.Failure(
                    e.GetType().FullName!, $"The input of activity '{task.Name}' cannot be read as {activity.InputType.Name}: {e.Message}"));
            }

            object? output;
            using (ActivityExecutionAccessor.Enter(new ActivityExecution(task.InstanceId, task.TaskId, task.Attempt, linked.Token)))
            {
                output = await activity.RunAsync(new EngineActivityContext(new TaskName(task.Name), task.InstanceId, task.Version), input).ConfigureAwait(false);
            }

            string? result = this.converter.Serialize(output);
            if (result is not null && result.Length > this.options.MaxPayloadBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(result) > this.options.MaxPayloadBytes)
            {
                return Failed(task, ProtoEvents.Failure(
                    typeof(PayloadTooLargeException).FullName!, new PayloadTooLargeException($"the output of activity '{task.Name}'", System.Text.Encoding.UTF8.GetByteCount(result), this.options.MaxPayloadBytes).Message));
            }

            return new TaskResult(task.Id, task, result, null);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ActivityFailed(this.logger, task.Name, task.InstanceId, e.Message);
            return Failed(task, ProtoEvents.Failure(e));
        }
    }

    /// <summary>DTFx passes an activity's input as a one-element JSON array; the SDK's shim strips the brackets.</summary>
    private static string? Unwrap(string? input)
        => input is not null && input.StartsWith('[') && input.EndsWith(']') ? input[1..^1] : input;

    private static TaskResult Failed(ClaimedTask task, Microsoft.DurableTask.Protobuf.TaskFailureDetails failure) => new(task.Id, task, null, failure);
}
