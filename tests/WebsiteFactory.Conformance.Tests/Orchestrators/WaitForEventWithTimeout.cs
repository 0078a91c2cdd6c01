using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>Waits for the <c>approval</c> event for the input's number of milliseconds (a durable timer) and says which came first.</summary>
public sealed class WaitForEventWithTimeout : TaskOrchestrator<int, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.WaitForEventWithTimeout";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        context.SetCustomStatus("waiting");
        try
        {
            var approval = await context.WaitForExternalEvent<string>("approval", TimeSpan.FromMilliseconds(input));
            return $"approved: {approval}";
        }
        catch (OperationCanceledException)
        {
            context.SetCustomStatus("timed out");
            return "timed out";
        }
    }
}
