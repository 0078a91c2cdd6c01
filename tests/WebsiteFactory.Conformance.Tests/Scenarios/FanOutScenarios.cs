using Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Analytics.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;
using WebsiteFactory.Conformance.Tests.Stubs;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>The fan-out orchestrators: <see cref="ProvisionBatch"/> (child orchestrations) and <see cref="NightlyAnalytics"/> (parallel activities).</summary>
public static class FanOutScenarios
{
    private static readonly IReadOnlyList<Guid> BatchSites =
    [
        new("ba000000-0000-0000-0000-000000000000"),
        new("ba000000-0000-0000-0000-000000000001"),
        new("ba000000-0000-0000-0000-000000000002"),
    ];

    private static readonly DateOnly Night = new(2025, 3, 10);

    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        // Three children, two at a time; the second site fails at its records step (children are provision-{token}-{i}.example).
        new Scenario("batch-three-one-fails", ProvisionBatch.Name)
        {
            Input = _ => new ProvisionBatchInput(BatchSites, Fast.Provision(), MaxParallel: 2),
            Script = s => s.On(UpsertRecordsActivity.Name, c => c.InstanceId.EndsWith("-1.example", StringComparison.Ordinal), Permanent("Record quota exceeded.")),
            ExpectedText = ["\"succeeded\":2,\"failed\":1", "Record quota exceeded."],
        },
        new Scenario("batch-publish-one-fails", ProvisionBatch.Name)
        {
            Input = _ => new ProvisionBatchInput(BatchSites, Fast.Provision(publish: true), MaxParallel: 3),
            Script = s => s.On(Workflows.Content.Activities.DeploySiteActivity.Name, c => c.InstanceId.Contains("-2.example", StringComparison.Ordinal), Permanent("Disk full.")),
            ExpectedText = ["\"succeeded\":2,\"failed\":1", "\"failedStep\":\"deploy\""],
        },
        new Scenario("batch-missing-site", ProvisionBatch.Name)
        {
            Input = _ => new ProvisionBatchInput(BatchSites.Take(2).ToList(), Fast.Provision()),
            Script = s => s.On(ResolveBatchSitesActivity.Name, Return(c => new List<BatchSite?> { new(BatchSites[0], $"{c.Token}-0.example"), null })),
            ExpectedText = ["does not exist"],
        },
        new Scenario("batch-resolve-fails", ProvisionBatch.Name)
        {
            Input = _ => new ProvisionBatchInput(BatchSites, Fast.Provision()),
            Script = s => s.On(ResolveBatchSitesActivity.Name, Permanent("Sites table unavailable.")),
            Expected = OrchestrationRuntimeStatus.Failed,
            ExpectedText = ["Sites table unavailable."],
        },

        // Parallel collection: one collect failure and one Matomo error (each list then has one entry, so the order
        // in which the hosts finish the parallel activities cannot change it).
        new Scenario("analytics-success", NightlyAnalytics.Name)
        {
            Input = _ => new NightlyAnalyticsInput(Night, MaxParallel: 2),
            ParallelActivities = true,
            ExpectedText = ["\"rowsWritten\":21"],
        },
        new Scenario("analytics-site-failures", NightlyAnalytics.Name)
        {
            Input = _ => new NightlyAnalyticsInput(Night, MaxParallel: 2),
            Script = s => s
                .On(CollectAnalyticsActivity.Name, c => c.Str("siteId") == ProductStubs.AnalyticsSites[1].ToString(), Permanent("Site deleted."))
                .On(CollectAnalyticsActivity.Name, c => c.Str("siteId") == ProductStubs.AnalyticsSites[2].ToString(), Return(c => new CollectAnalyticsResult(c.GuidOf("siteId"), 3, MatomoError: "Matomo down.", Anomaly: "Visits dropped."))),
            ParallelActivities = true,
            ExpectedText = ["Site deleted.", "Matomo down.", "Visits dropped."],
        },

        // One at a time: several failures, in a deterministic order.
        new Scenario("analytics-serial-failures", NightlyAnalytics.Name)
        {
            Input = _ => new NightlyAnalyticsInput(Night, MaxParallel: 1),
            Script = s => s
                .On(CollectAnalyticsActivity.Name, c => c.Str("siteId") != ProductStubs.AnalyticsSites[1].ToString(), Permanent("Site deleted."))
                .On(CollectAnalyticsActivity.Name, c => c.Str("siteId") == ProductStubs.AnalyticsSites[1].ToString(), Return(c => new CollectAnalyticsResult(c.GuidOf("siteId"), 5, SearchConsoleError: "GSC quota."))),
            ExpectedText = ["GSC quota."],
        },
        new Scenario("analytics-list-fails", NightlyAnalytics.Name)
        {
            Input = _ => new NightlyAnalyticsInput(Night),
            Script = s => s.On(ListAnalyticsSitesActivity.Name, Permanent("Sites table unavailable.")),
            Expected = OrchestrationRuntimeStatus.Failed,
            ExpectedText = ["Sites table unavailable."],
        },
    ];
}
