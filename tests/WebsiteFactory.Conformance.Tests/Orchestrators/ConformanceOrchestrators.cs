using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>
/// Small orchestrators for the SDK features the product orchestrators do not use (external events with and without a
/// timeout, buffered events, events between instances, continue-as-new with carried-over events), so the engine is
/// checked against the reference host for those too.
/// </summary>
public static class ConformanceOrchestrators
{
    /// <summary>The one activity they call: returns its input (a scenario can block it on a gate).</summary>
    public const string EchoActivity = "Conformance.Echo";

    /// <summary>Gets the conformance orchestrators by name.</summary>
    public static IReadOnlyDictionary<string, Func<ITaskOrchestrator>> All { get; } = new Dictionary<string, Func<ITaskOrchestrator>>(StringComparer.Ordinal)
    {
        [WaitForEvent.Name] = () => new WaitForEvent(),
        [WaitForEventWithTimeout.Name] = () => new WaitForEventWithTimeout(),
        [BufferedEvents.Name] = () => new BufferedEvents(),
        [ContinueAsNewCounter.Name] = () => new ContinueAsNewCounter(),
        [PingSender.Name] = () => new PingSender(),
        [PingReceiver.Name] = () => new PingReceiver(),
    };
}
