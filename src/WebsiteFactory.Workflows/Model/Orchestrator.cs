namespace WebsiteFactory.Workflows;

/// <summary>
/// Base class of an orchestrator: deterministic code that coordinates activities, timers, events and
/// sub-orchestrations (mirrors <c>Microsoft.DurableTask.TaskOrchestrator&lt;TInput, TOutput&gt;</c>).
/// </summary>
/// <typeparam name="TInput">The input type (JSON-serializable).</typeparam>
/// <typeparam name="TOutput">The output type (JSON-serializable).</typeparam>
/// <remarks>
/// Registered by name (the class name, or <see cref="DurableTaskAttribute"/>); a new instance is created for every
/// episode, so keep no state in fields between awaits that must survive a replay — derive it from the context.
/// See <see cref="IOrchestrationContext"/> for the determinism rules.
/// </remarks>
public abstract class Orchestrator<TInput, TOutput> : IOrchestrator
{
    /// <inheritdoc/>
    Type IOrchestrator.InputType => typeof(TInput);

    /// <inheritdoc/>
    Type IOrchestrator.OutputType => typeof(TOutput);

    /// <summary>Runs the orchestration.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The input.</param>
    /// <returns>The output.</returns>
    public abstract Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);

    /// <inheritdoc/>
    async Task<object?> IOrchestrator.RunAsync(IOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await this.RunAsync(context, ModelTypes.Coerce<TInput>(input));
    }
}
