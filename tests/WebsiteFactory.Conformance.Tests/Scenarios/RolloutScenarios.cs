using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Rollout;
using WebsiteFactory.Workflows.Rollout.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary><see cref="TemplateRollout"/>: waves of Redeploy children, a canary failure that stops and rolls back, a failed listing.</summary>
public static class RolloutScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        // Waves of 1 and 2, one site at a time: with children at once, the order in which the orchestrator calls the health
        // checks follows the children's finishing order, which legitimately differs between hosts.
        new Scenario("rollout-success", TemplateRollout.Name)
        {
            Input = _ => new TemplateRolloutInput(CanarySize: 1, MaxWaveSize: 2, MaxParallel: 1, Content: Fast.Content),
            ExpectedText = ["\"redeployed\":3", "\"stopped\":false"],
        },

        // Canary of two, one at a time: the first is switched, the second's build fails for good, so the first is rolled
        // back and the third never starts.
        new Scenario("rollout-canary-fails-rolls-back", TemplateRollout.Name)
        {
            Input = _ => new TemplateRolloutInput(CanarySize: 2, MaxParallel: 1, Content: Fast.Content),
            Script = s => s.On(BuildSiteActivity.Name, c => c.GuidOf("siteId") == ProductStubs.RolloutSites[1], Permanent("Template does not compile.")),
            ExpectedText = ["\"stopped\":true", "\"rolledBack\":1", "\"notStarted\":1", "Template does not compile."],
        },

        new Scenario("rollout-listing-fails", TemplateRollout.Name)
        {
            Input = _ => new TemplateRolloutInput(Content: Fast.Content),
            Script = s => s.On(ListLiveSitesActivity.Name, Permanent("Database unavailable.")),
            Expected = OrchestrationRuntimeStatus.Failed,
            ExpectedText = ["Database unavailable."],
        },
    ];
}
