using Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows.Teardown;
using WebsiteFactory.Workflows.Teardown.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary><see cref="TeardownSite"/>: every step, a failed step that the others survive, and a teardown that cannot start.</summary>
public static class TeardownScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new Scenario("teardown-success", TeardownSite.Name)
        {
            Input = _ => new TeardownSiteInput(Fast.Site, Fast.Provision()),
            ExpectedText = ["\"succeeded\":true", "\"orphans\":[]"],
        },

        // A step that fails for good is recorded as an orphan and the later steps still run; the instance completes.
        new Scenario("teardown-zone-fails", TeardownSite.Name)
        {
            Input = _ => new TeardownSiteInput(Fast.Site, Fast.Provision()),
            Script = s => s.On(RemoveZoneActivity.Name, Permanent("Zone is locked.")),
            ExpectedText = ["\"succeeded\":false", "orphan-Zone"],
        },
        new Scenario("teardown-begin-fails", TeardownSite.Name)
        {
            Input = _ => new TeardownSiteInput(Fast.Site, Fast.Provision()),
            Script = s => s.On(BeginTeardownActivity.Name, Permanent("Site does not exist.")),
            Expected = OrchestrationRuntimeStatus.Failed,
            ExpectedText = ["Site does not exist."],
        },
    ];
}
