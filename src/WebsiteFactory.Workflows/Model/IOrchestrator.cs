namespace WebsiteFactory.Workflows;

/// <summary>The untyped shape of an orchestrator, used by engines. Derive from <see cref="Orchestrator{TInput, TOutput}"/>.</summary>
public interface IOrchestrator
{
    /// <summary>Gets the input type.</summary>
    Type InputType { get; }

    /// <summary>Gets the output type.</summary>
    Type OutputType { get; }

    /// <summary>Runs the orchestrator.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The deserialized input.</param>
    /// <returns>The output.</returns>
    Task<object?> RunAsync(IOrchestrationContext context, object? input);
}
