using System.Text.Json;
using WebsiteFactory.Conformance.Tests.Orchestrators;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Analytics.Activities;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>
/// The default (successful) result of every stubbed activity, of the type its orchestrator reads: every product activity
/// (registered by <c>AddProvisioning().AddContentWorkflows()</c>) and the conformance orchestrators' activity.
/// </summary>
public static class ProductStubs
{
    /// <summary>Sites <see cref="ListAnalyticsSitesActivity"/> returns unless a scenario scripts another list.</summary>
    public static readonly IReadOnlyList<Guid> AnalyticsSites =
    [
        new("a0000000-0000-0000-0000-000000000001"),
        new("a0000000-0000-0000-0000-000000000002"),
        new("a0000000-0000-0000-0000-000000000003"),
    ];

    /// <summary>Sites <see cref="WebsiteFactory.Workflows.Rollout.Activities.ListLiveSitesActivity"/> returns, in wave order.</summary>
    public static readonly IReadOnlyList<Guid> RolloutSites =
    [
        new("b0000000-0000-0000-0000-000000000001"),
        new("b0000000-0000-0000-0000-000000000002"),
        new("b0000000-0000-0000-0000-000000000003"),
    ];

    private static readonly Dictionary<string, Func<StubCall, object?>> Defaults = new(StringComparer.Ordinal)
    {
        // Provisioning (ProvisionSite, ProvisionBatch).
        [EnsureZoneActivity.Name] = c => new ZoneInfo($"zone-{c.Token}", ["ada.ns.example.net", "bob.ns.example.net"]),
        [UpsertRecordsActivity.Name] = _ => true,
        [SetNameserversActivity.Name] = _ => true,
        [CheckDelegationActivity.Name] = _ => new DelegationState(true, true, "zone active, nameservers live"),
        [EnsureHostingSiteActivity.Name] = c => $"site-user-{c.Token}",
        [CheckOriginActivity.Name] = _ => true,
        [InstallCertificateActivity.Name] = _ => true,
        [EnsureAnalyticsActivity.Name] = _ => 7,
        [RecordAnalyticsStatusActivity.Name] = _ => true,
        [StartAnalyticsRetryActivity.Name] = c => $"analytics-{c.Token}.example",
        [ReconcileAnalyticsActivity.Name] = _ => new AnalyticsReconcileResult(0, 0),
        [RecordStepFailureActivity.Name] = _ => true,
        [CheckSiteIdleActivity.Name] = _ => true,
        [ResolveBatchSitesActivity.Name] = c => c.Input.EnumerateArray().Select((id, i) => (BatchSite?)new BatchSite(id.GetGuid(), $"{c.Token}-{i}.example")).ToList(),

        // Teardown (TeardownSite).
        [WebsiteFactory.Workflows.Teardown.Activities.BeginTeardownActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveSearchConsoleActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveReleasesActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveHostingSiteActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveAnalyticsActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveRecordsActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RemoveZoneActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.ReleaseNameserversActivity.Name] = _ => true,
        [WebsiteFactory.Workflows.Teardown.Activities.RecordTeardownFailureActivity.Name] = c => $"orphan-{(WebsiteFactory.Workflows.Teardown.TeardownPart)c.Input.GetProperty("part").GetInt32()}",
        [WebsiteFactory.Workflows.Teardown.Activities.FinishTeardownActivity.Name] = _ => true,

        // Reconcile: two Cloudflare accounts with one marked orphan record each, one of everything else, nothing else found.
        [WebsiteFactory.Workflows.Reconcile.Activities.ListReconcileTargetsActivity.Name] = _ => new WebsiteFactory.Workflows.Reconcile.ReconcileTargets(
            [new("c0000000-0000-0000-0000-000000000001"), new("c0000000-0000-0000-0000-000000000002")],
            [new("c0000000-0000-0000-0000-000000000003")],
            [new("c0000000-0000-0000-0000-000000000004")],
            [new("c0000000-0000-0000-0000-000000000005")],
            true,
            new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero)),
        [WebsiteFactory.Workflows.Reconcile.Activities.ScanCloudflareActivity.Name] = c => new List<WebsiteFactory.Core.Drift.DriftFinding>
        {
            new()
            {
                Kind = WebsiteFactory.Core.Drift.DriftKind.Orphan, Vendor = WebsiteFactory.Core.Drift.DriftVendors.CloudflareRecord, Resource = $"A old-{c.Str("scopeId")}.example",
                Detail = "left behind", Marked = true, ScopeId = c.GuidOf("scopeId"), ZoneId = new string('a', 32), RecordId = c.GuidOf("scopeId").ToString("N"),
            },
        },
        [WebsiteFactory.Workflows.Reconcile.Activities.ScanRegistrarActivity.Name] = _ => new List<WebsiteFactory.Core.Drift.DriftFinding>(),
        [WebsiteFactory.Workflows.Reconcile.Activities.ScanServerActivity.Name] = _ => new List<WebsiteFactory.Core.Drift.DriftFinding>(),
        [WebsiteFactory.Workflows.Reconcile.Activities.ScanMatomoActivity.Name] = _ => new List<WebsiteFactory.Core.Drift.DriftFinding>(),
        [WebsiteFactory.Workflows.Reconcile.Activities.ScanSearchConsoleActivity.Name] = _ => new List<WebsiteFactory.Core.Drift.DriftFinding>(),
        [WebsiteFactory.Workflows.Reconcile.Activities.FixOrphanRecordsActivity.Name] = c =>
            c.Input.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("recordId").GetString()!).ToList(),
        [WebsiteFactory.Workflows.Reconcile.Activities.SaveDriftReportActivity.Name] = _ => true,

        // Content (PublishSite, RegenerateContent, Redeploy, RollbackSite).
        [GenerateContentActivity.Name] = _ => 4,
        [BuildSiteActivity.Name] = c => new BuildOutput(c.Str("releaseId")!, $"/artifacts/{c.Str("releaseId")}", 12),
        [DeploySiteActivity.Name] = c => c.Str("releaseId"),
        [PublishVerificationTokenActivity.Name] = _ => true,
        [ConfirmVerificationActivity.Name] = _ => true,
        [RecordContentFailureActivity.Name] = _ => true,
        [RollbackSiteActivity.Name] = _ => "release-previous",

        // Template rollout: three live sites (fixed ids, domains from the run's token); every site serves the release it was given.
        [WebsiteFactory.Workflows.Rollout.Activities.ListLiveSitesActivity.Name] = c => RolloutSites.Select((id, i) => new WebsiteFactory.Workflows.Rollout.RolloutSite(id, $"{c.Token}-{i}.example")).ToList(),
        [WebsiteFactory.Workflows.Rollout.Activities.CheckLiveReleaseActivity.Name] = c => c.Str("releaseId"),
        [WebsiteFactory.Workflows.Rollout.Activities.FindBusySitesActivity.Name] = _ => new Dictionary<Guid, string>(),

        // Analytics (NightlyAnalytics).
        [ListAnalyticsSitesActivity.Name] = _ => AnalyticsSites,
        [CollectAnalyticsActivity.Name] = c => new CollectAnalyticsResult(c.GuidOf("siteId"), 7),

        // Conformance orchestrators: echoes its input.
        [ConformanceOrchestrators.EchoActivity] = c => JsonSerializer.Deserialize<JsonElement>(c.RawInput),
    };

    /// <summary>Gets the stubbed activity names.</summary>
    public static IEnumerable<string> Names => Defaults.Keys;

    /// <summary>The default result of <paramref name="call"/>.</summary>
    public static object? Default(StubCall call) =>
        Defaults.TryGetValue(call.Activity, out var result) ? result(call) : throw new InvalidOperationException($"No stub for activity '{call.Activity}'.");
}
