using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>
/// Reads events that arrived before it waited for them: <c>early</c> (raised right after scheduling, possibly before the
/// first episode), then, after an activity and a <c>go</c> event, three <c>item</c> events raised before <c>go</c>.
/// </summary>
/// <remarks>
/// The order that matters is between client events only (<c>item</c> before <c>go</c>), which both hosts keep. Events and
/// an activity result arriving together may be applied in either order on either host (the reference host puts
/// messages that carry an execution id, such as activity results, first in a batch), so the test raises the events only
/// once the client sees the status set after the activity, i.e. once that episode is committed.
/// </remarks>
public sealed class BufferedEvents : TaskOrchestrator<string?, BufferedEventsResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.BufferedEvents";

    /// <inheritdoc />
    public override async Task<BufferedEventsResult> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var early = await context.WaitForExternalEvent<string>("early");
        context.SetCustomStatus(new { early });
        var echo = await context.CallActivityAsync<string>(ConformanceOrchestrators.EchoActivity, "between the events");
        context.SetCustomStatus(new { early, echo });
        await context.WaitForExternalEvent<string>("go");
        var items = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            items.Add(await context.WaitForExternalEvent<int>("item"));
            context.SetCustomStatus(new { early, items });
        }

        return new BufferedEventsResult(early, echo, items);
    }
}

/// <summary>Output of <see cref="BufferedEvents"/>.</summary>
/// <param name="Early">The <c>early</c> event's payload.</param>
/// <param name="Echo">The activity's result.</param>
/// <param name="Items">The <c>item</c> events' payloads, in the order received.</param>
public sealed record BufferedEventsResult(string Early, string Echo, IReadOnlyList<int> Items);
