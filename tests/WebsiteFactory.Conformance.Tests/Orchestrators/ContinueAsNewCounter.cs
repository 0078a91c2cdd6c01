using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>
/// Three generations joined by continue-as-new, each reading one <c>inc</c> event. Generation 0 first waits for a
/// <c>go</c> event the test raises after three <c>inc</c> events, so the two it does not read are buffered when it
/// continues as new: carried into the next generation (<see cref="CounterState.Preserve"/>) or dropped with it.
/// </summary>
public sealed class ContinueAsNewCounter : TaskOrchestrator<CounterState, IReadOnlyList<int>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.ContinueAsNewCounter";

    /// <summary>The last generation.</summary>
    public const int LastGeneration = 2;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<int>> RunAsync(TaskOrchestrationContext context, CounterState input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Generation == 0)
        {
            await context.WaitForExternalEvent<string>("go");
        }

        context.SetCustomStatus(new { generation = input.Generation });
        var value = await context.WaitForExternalEvent<int>("inc");
        List<int> received = [.. input.Received, value];
        if (input.Generation < LastGeneration)
        {
            context.ContinueAsNew(input with { Generation = input.Generation + 1, Received = received }, preserveUnprocessedEvents: input.Preserve);
            return [];
        }

        return received;
    }
}

/// <summary>Input of one <see cref="ContinueAsNewCounter"/> generation.</summary>
/// <param name="Generation">0, 1 or 2.</param>
/// <param name="Received">Event payloads read by earlier generations.</param>
/// <param name="Preserve">Carry unread events into the next generation.</param>
public sealed record CounterState(int Generation, IReadOnlyList<int> Received, bool Preserve);
