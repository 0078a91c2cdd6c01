namespace WebsiteFactory.Workflows;

/// <summary>An activity implemented by a delegate.</summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
internal sealed class FuncActivity<TInput, TOutput>(Func<ActivityContext, TInput, Task<TOutput>> implementation)
    : Activity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(ActivityContext context, TInput input) => implementation(context, input);
}
