using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Orchestrators;
using WebsiteFactory.Conformance.Tests.Scenarios;
using WebsiteFactory.Conformance.Tests.Stubs;

namespace WebsiteFactory.Conformance.Tests;

/// <summary>The suite covers what the product registers: a stub for every activity, scenarios for every orchestrator.</summary>
public sealed class CoverageTests
{
    private static IEnumerable<Scenario> AllScenarios =>
        ProvisionSiteScenarios.All.Concat(ContentScenarios.Publish).Concat(ContentScenarios.Others).Concat(FanOutScenarios.All)
            .Concat(LifecycleScenarios.All).Concat(EventScenarios.All).Concat(TeardownScenarios.All).Concat(ReconcileScenarios.All).Concat(RolloutScenarios.All);

    [Fact]
    public void ProductRegistry_EveryActivity_HasAStub()
    {
        var product = ConformanceTasks.ProductRegistry().GetActivities().Select(a => a.Key.Name).Order(StringComparer.Ordinal);
        var stubbed = ProductStubs.Names.Except([ConformanceOrchestrators.EchoActivity]).Order(StringComparer.Ordinal);

        Assert.Equal(product, stubbed);
    }

    [Fact]
    public void ProductRegistry_EveryOrchestrator_HasSuccessAndFailureScenarios()
    {
        var scenarios = AllScenarios.ToList();
        foreach (var (name, _) in ConformanceTasks.ProductRegistry().GetOrchestrators())
        {
            var own = scenarios.Where(s => s.Orchestrator == name.Name).ToList();
            Assert.True(own.Any(s => s.Expected == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed), $"{name.Name} has no successful scenario.");
            Assert.True(own.Any(s => s.Expected == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed), $"{name.Name} has no failing scenario.");
        }
    }

    [Fact]
    public void Scenarios_Names_AreUnique()
    {
        var names = AllScenarios.Select(s => s.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
