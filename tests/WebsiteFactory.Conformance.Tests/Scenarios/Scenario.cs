using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Stubs;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>
/// One differential case: an orchestrator, its input, the stub script and, optionally, what the test does while it runs
/// (suspend, terminate, raise events, release a blocked stub). Every instance id of a run contains the run's token; the
/// root instance id is the token itself.
/// </summary>
/// <param name="Name">Readable, instance-id-safe name; the test case's name.</param>
/// <param name="Orchestrator">The root orchestrator's registered name.</param>
public sealed record Scenario(string Name, string Orchestrator)
{
    /// <summary>Gets the root input, from the run's token.</summary>
    public Func<string, object?> Input { get; init; } = _ => null;

    /// <summary>Gets the stub script.</summary>
    public Action<StubScript> Script { get; init; } = _ => { };

    /// <summary>Gets what the test does on each host while the root runs (null: only wait for it).</summary>
    public Func<HostRun, Task>? Drive { get; init; }

    /// <summary>Gets the root's expected final runtime status (checked on the reference host, and by equality on the engine).</summary>
    public OrchestrationRuntimeStatus Expected { get; init; } = OrchestrationRuntimeStatus.Completed;

    /// <summary>Gets texts the root's output or failure message must contain, so a mis-scripted case cannot pass on two equally wrong runs.</summary>
    public IReadOnlyList<string> ExpectedText { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether one instance runs activities in parallel (fan-out): the hosts then legitimately finish
    /// them in different orders, so executions are compared as a sorted list (the orchestrator-side call order still exactly).
    /// </summary>
    public bool ParallelActivities { get; init; }

    /// <summary>
    /// Gets a known defect of the reference host that makes it no oracle for this case (with the upstream fix), or null.
    /// When set, the case runs on the engine only and is checked against the SDK's documented behaviour
    /// (<see cref="Expected"/>, <see cref="ExpectedText"/>).
    /// </summary>
    public string? ReferenceDefect { get; init; }

    /// <inheritdoc />
    public override string ToString() => this.Name;
}
