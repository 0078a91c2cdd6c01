using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Conformance.Tests.Orchestrators;
using WebsiteFactory.Conformance.Tests.Recording;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Conformance.Tests.Hosting;

/// <summary>What both hosts register: the product orchestrators and the conformance orchestrators, each behind a
/// <see cref="RecordingOrchestrator"/>, and a <see cref="ScriptedActivity"/> under every activity name.</summary>
public static class ConformanceTasks
{
    /// <summary>
    /// The product's own registration (<c>AddProvisioning().AddContentWorkflows()</c>): the orchestrators are taken from it,
    /// so a new product orchestrator is wrapped and run here without a change to this suite.
    /// </summary>
    public static DurableTaskRegistry ProductRegistry() => new DurableTaskRegistry().AddProvisioning().AddContentWorkflows();

    /// <summary>Registers everything on one host's registry, recording into that host's <paramref name="recorder"/>.</summary>
    public static void Register(DurableTaskRegistry registry, ScriptBook book, HostRecorder recorder, StubGates gates)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // The product orchestrators take no services; their factories get an empty provider.
        var noServices = new ServiceCollection().BuildServiceProvider();
        foreach (var (name, factory) in ProductRegistry().GetOrchestrators())
        {
            registry.AddOrchestrator(name, () => new RecordingOrchestrator(factory(noServices), recorder));
        }

        foreach (var (name, factory) in ConformanceOrchestrators.All)
        {
            registry.AddOrchestrator(name, () => new RecordingOrchestrator(factory(), recorder));
        }

        foreach (var name in ProductStubs.Names)
        {
            registry.AddActivity(name, _ => new ScriptedActivity(name, book, recorder, gates));
        }
    }
}
