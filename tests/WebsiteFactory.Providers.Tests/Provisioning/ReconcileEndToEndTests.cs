using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// The reconcile on the embedded engine against the simulators, a real sshd with the clpctl stand-in and real PostgreSQL:
/// orphans, ghosts and drift are seeded at the vendors, and the report must name exactly those.
/// </summary>
public sealed class ReconcileEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task Reconcile_ThreeOrphansTwoGhostsTwoDrifted_ReportsExactlyThose_FixDeletesOnlyTheMarkedOrphan()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var a = await h.AddSiteAsync("drift-a.com");
        var b = await h.AddSiteAsync("drift-b.com", spaceship: true);
        var c = await h.AddSiteAsync("drift-c.com");
        var batch = await h.RunAsync(ProvisionBatch.Name, new ProvisionBatchInput([a.Id, b.Id, c.Id], ProvisioningHarness.FastSettings, MaxParallel: 3), "batch-drift", seconds: 300);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, batch.RuntimeStatus);
        Assert.Equal(3, batch.ReadOutputAs<ProvisionBatchResult>()!.Succeeded);

        // Freshly provisioned, the vendors hold exactly what the database says.
        var clean = await ReconcileAsync(h, "reconcile-clean");
        Assert.Empty(clean.Errors);
        Assert.Empty(clean.Findings);

        var cf = h.Services.GetRequiredService<ICloudflareClient>();
        var account = (await h.Services.GetRequiredService<ICloudflareAccountRepository>().GetAsync(h.CloudflareAccountId))!;
        var siteA = await h.GetSiteAsync(a.Id);
        var siteB = await h.GetSiteAsync(b.Id);
        var ip = siteA.RecordIds.ContainsKey("A @") ? (await cf.ListRecordsAsync(account, siteA.CloudflareZoneId!, "A", "drift-a.com")).Single().Content : throw new InvalidOperationException("no A record");

        // 3 orphans: a marked record left behind, a hand-made record, a Matomo site of no site.
        var marked = await cf.UpsertRecordAsync(account, siteA.CloudflareZoneId!, new DnsRecordSpec("A", "old.drift-a.com", "192.0.2.10", 1, false, RecordOwnership.Marker));
        var handMade = await cf.UpsertRecordAsync(account, siteA.CloudflareZoneId!, new DnsRecordSpec("TXT", "drift-a.com", "v=spf1 -all"));
        var strayMatomo = h.Simulators.State.Matomo.AddSite("Stray", new DateOnly(2026, 1, 1), "https://stray.example");

        // 2 ghosts: b's www record and c's CloudPanel site removed behind the product's back.
        await cf.DeleteRecordAsync(account, siteB.CloudflareZoneId!, siteB.RecordIds["CNAME www"]);
        var server = (await h.Services.GetRequiredService<IHostingServerRepository>().GetAsync(h.ServerId))!;
        await h.Services.GetRequiredService<ICloudPanelClient>().DeleteSiteAsync(server, c.Domain);

        // 2 drifted records: a's A record points elsewhere, b's has another TTL (both still carry the marker).
        await cf.UpsertRecordAsync(account, siteA.CloudflareZoneId!, new DnsRecordSpec("A", "drift-a.com", "203.0.113.9", 1, false, RecordOwnership.Marker));
        await cf.UpsertRecordAsync(account, siteB.CloudflareZoneId!, new DnsRecordSpec("A", "drift-b.com", ip, 300, false, RecordOwnership.Marker));

        var report = await ReconcileAsync(h, "reconcile-seeded");

        Assert.Empty(report.Errors);
        var expected = new[]
        {
            (DriftKind.Orphan, DriftVendors.CloudflareRecord, "A old.drift-a.com"),
            (DriftKind.Orphan, DriftVendors.CloudflareRecord, "TXT drift-a.com"),
            (DriftKind.Orphan, DriftVendors.Matomo, $"Matomo site {strayMatomo}"),
            (DriftKind.Ghost, DriftVendors.CloudflareRecord, "CNAME www.drift-b.com"),
            (DriftKind.Ghost, DriftVendors.CloudPanel, "site drift-c.com"),
            (DriftKind.Drift, DriftVendors.CloudflareRecord, "A drift-a.com"),
            (DriftKind.Drift, DriftVendors.CloudflareRecord, "A drift-b.com"),
        };
        Assert.Equal(expected.Order(), report.Findings.Select(f => (f.Kind, f.Vendor, f.Resource)).Order());
        Assert.Equal(3, report.Count(DriftKind.Orphan));
        Assert.Equal(2, report.Count(DriftKind.Ghost));
        Assert.Equal(2, report.Count(DriftKind.Drift));
        Assert.True(Find(report, "A old.drift-a.com").Marked);
        Assert.False(Find(report, "TXT drift-a.com").Marked);
        Assert.Equal(handMade.Id, Find(report, "TXT drift-a.com").RecordId);
        Assert.Contains("content 203.0.113.9, expected " + ip, Find(report, "A drift-a.com").Detail, StringComparison.Ordinal);
        Assert.Contains("TTL 300, expected 1", Find(report, "A drift-b.com").Detail, StringComparison.Ordinal);

        // The stored latest report is this one.
        var latest = await h.Services.GetRequiredService<IDriftReportStore>().GetLatestAsync();
        Assert.Equal("reconcile-seeded", latest!.InstanceId);
        Assert.Equal(7, latest.Findings.Count);

        // The fix deletes the marked orphan only: the hand-made record stays, nothing else changes.
        var fixedReport = await ReconcileAsync(h, "reconcile-fix", fix: true);
        Assert.Equal(7, fixedReport.Findings.Count); // the fix acts on its own fresh scan, which found the same seven
        Assert.True(Find(fixedReport, "A old.drift-a.com").Fixed);
        Assert.Single(fixedReport.Findings, f => f.Fixed);
        var cloudflare = h.Simulators.State.Cloudflare;
        Assert.Equal(0, cloudflare.CountRecords("drift-a.com", "A", "old.drift-a.com"));
        Assert.Equal(1, cloudflare.CountRecords("drift-a.com", "TXT", "drift-a.com"));
        Assert.Equal(1, cloudflare.CountRecords("drift-a.com", "A", "drift-a.com")); // drift is reported, never "fixed" by deletion
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites("https://stray.example")); // Matomo orphans are reported, never deleted
        var events = await h.Services.GetRequiredService<ISiteEventLog>().ListForSiteAsync(a.Id, 500);
        var audit = Assert.Single(events, e => e.Message?.Contains("Drift fix: deleted orphan record A old.drift-a.com", StringComparison.Ordinal) == true);
        Assert.Equal("test:admin", audit.Actor);
        Assert.Contains(marked.Id, audit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_FixWithOnlyUnmarkedOrphans_DeletesNothing()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var a = await h.AddSiteAsync("unmarked-a.com");
        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(a.Id, ProvisioningHarness.FastSettings), "provision-unmarked");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var cf = h.Services.GetRequiredService<ICloudflareClient>();
        var account = (await h.Services.GetRequiredService<ICloudflareAccountRepository>().GetAsync(h.CloudflareAccountId))!;
        var zoneId = (await h.GetSiteAsync(a.Id)).CloudflareZoneId!;
        await cf.UpsertRecordAsync(account, zoneId, new DnsRecordSpec("A", "manual.unmarked-a.com", "192.0.2.20"));
        await cf.UpsertRecordAsync(account, zoneId, new DnsRecordSpec("CNAME", "shop.unmarked-a.com", "shops.example.net", 1, false, "made by hand"));
        var deletesBefore = h.VendorCalls.Count(call => call.StartsWith("DELETE ", StringComparison.Ordinal));

        var report = await ReconcileAsync(h, "reconcile-unmarked", fix: true);

        Assert.Equal(2, report.Findings.Count(f => f.Kind == DriftKind.Orphan && !f.Marked));
        Assert.DoesNotContain(report.Findings, f => f.Fixed);
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountRecords("unmarked-a.com", "A", "manual.unmarked-a.com"));
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountRecords("unmarked-a.com", "CNAME", "shop.unmarked-a.com"));
        Assert.Equal(deletesBefore, h.VendorCalls.Count(call => call.StartsWith("DELETE ", StringComparison.Ordinal)));
    }

    private static DriftFinding Find(DriftReport report, string resource) => Assert.Single(report.Findings, f => f.Resource == resource);

    private static async Task<DriftReport> ReconcileAsync(ProvisioningHarness h, string instanceId, bool fix = false)
    {
        var run = await h.RunAsync(ReconcileVendors.Name, new ReconcileInput(fix, "test:admin", ProvisioningHarness.FastSettings), instanceId, seconds: 300); // the registrar scan waits its turn on Namecheap's shared 18-per-minute budget
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var report = await h.Services.GetRequiredService<IDriftReportStore>().GetLatestAsync();
        Assert.NotNull(report);
        Assert.Equal(instanceId, report.InstanceId);
        return report;
    }
}
