namespace WebsiteFactory.Workflows;

/// <summary>
/// Base class of an activity: one unit of real work (I/O allowed), run at least once (mirrors
/// <c>Microsoft.DurableTask.TaskActivity&lt;TInput, TOutput&gt;</c>).
/// </summary>
/// <typeparam name="TInput">The input type (JSON-serializable).</typeparam>
/// <typeparam name="TOutput">The output type (JSON-serializable).</typeparam>
/// <remarks>
/// Activities are resolved from a fresh DI scope per invocation, so they may take scoped services in their
/// constructor. Delivery is at-least-once (a crash after the work but before its result is recorded re-runs it):
/// make activities idempotent, keyed by an idempotency key in their input.
/// </remarks>
public abstract class Activity<TInput, TOutput> : IActivity
{
    /// <inheritdoc/>
    Type IActivity.InputType => typeof(TInput);

    /// <inheritdoc/>
    Type IActivity.OutputType => typeof(TOutput);

    /// <summary>Runs the activity.</summary>
    /// <param name="context">The activity context (name, instance id, cancellation).</param>
    /// <param name="input">The input.</param>
    /// <returns>The output.</returns>
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input);

    /// <inheritdoc/>
    async Task<object?> IActivity.RunAsync(ActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await this.RunAsync(context, ModelTypes.Coerce<TInput>(input)).ConfigureAwait(false);
    }
}
