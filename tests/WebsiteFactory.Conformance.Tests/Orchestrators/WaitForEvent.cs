using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>Waits for the <c>approval</c> event without a timeout and returns its payload.</summary>
public sealed class WaitForEvent : TaskOrchestrator<string?, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.WaitForEvent";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus("waiting");
        var approval = await context.WaitForExternalEvent<string>("approval");
        context.SetCustomStatus("received");
        return $"approved: {approval}";
    }
}
