namespace WebsiteFactory.Workflows;

/// <summary>An orchestrator implemented by a delegate (handy for tests and small glue orchestrations).</summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
internal sealed class FuncOrchestrator<TInput, TOutput>(Func<IOrchestrationContext, TInput, Task<TOutput>> implementation)
    : Orchestrator<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(IOrchestrationContext context, TInput input) => implementation(context, input);
}
