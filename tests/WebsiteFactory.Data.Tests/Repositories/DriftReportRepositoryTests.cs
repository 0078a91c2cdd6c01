using WebsiteFactory.Core.Drift;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class DriftReportRepositoryTests(MigratedDatabase db) : IClassFixture<MigratedDatabase>
{
    private readonly DriftReportRepository _reports = new(db.DataSource);

    [Fact]
    public async Task SaveAsync_ThenGetLatest_RoundTripsTheNewestReportWithCounts()
    {
        var siteId = Guid.NewGuid();
        await _reports.SaveAsync(new DriftReport { InstanceId = "older", Findings = [] });
        var report = new DriftReport
        {
            InstanceId = "newer",
            StartedAt = new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 12, 5, 4, 1, 0, TimeSpan.Zero),
            RequestedBy = "api:ops",
            FixRequested = true,
            Errors = ["Matomo: down"],
            Findings =
            [
                new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = "A old.example.com", Detail = "left", Marked = true, SiteId = siteId, ZoneId = new string('a', 32), RecordId = new string('b', 32), Fixed = true },
                new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.Matomo, Resource = "Matomo site 4", Detail = "gone" },
                new() { Kind = DriftKind.Drift, Vendor = DriftVendors.CloudflareRecord, Resource = "A example.com", Detail = "TTL 300, expected 1." },
            ],
        };
        await _reports.SaveAsync(report);

        var latest = await _reports.GetLatestAsync();

        Assert.NotNull(latest);
        Assert.Equal("newer", latest.InstanceId);
        Assert.Equal(report.StartedAt, latest.StartedAt);
        Assert.Equal(report.Findings, latest.Findings);
        Assert.Equal(report.Errors, latest.Errors);
        Assert.True(latest.FixRequested);
        Assert.Equal((1, 1, 1), (await db.ScalarAsync<int>("SELECT orphans FROM wf.drift_reports WHERE instance_id = 'newer'"),
            await db.ScalarAsync<int>("SELECT ghosts FROM wf.drift_reports WHERE instance_id = 'newer'"),
            await db.ScalarAsync<int>("SELECT drifted FROM wf.drift_reports WHERE instance_id = 'newer'")));
    }

    [Fact]
    public async Task CountLatestOrphansAsync_LatestReportWithOrphans_CountsThemPerVendorWithoutOlderReports()
    {
        static DriftFinding Orphan(string vendor, string resource) => new() { Kind = DriftKind.Orphan, Vendor = vendor, Resource = resource, Detail = "not ours" };
        await _reports.SaveAsync(new DriftReport { InstanceId = "count-older", Findings = [Orphan(DriftVendors.Matomo, "Matomo site 9")] });
        await _reports.SaveAsync(new DriftReport
        {
            InstanceId = "count-newer",
            Findings =
            [
                Orphan(DriftVendors.CloudflareRecord, "A a.example.com"),
                Orphan(DriftVendors.CloudflareRecord, "A b.example.com"),
                Orphan(DriftVendors.CloudflareZone, "stray.example.com"),
                new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.CloudflareRecord, Resource = "A c.example.com", Detail = "gone" },
                new() { Kind = DriftKind.Drift, Vendor = DriftVendors.Matomo, Resource = "Matomo site 4", Detail = "renamed" },
            ],
        });

        var counts = await _reports.CountLatestOrphansAsync();

        Assert.NotNull(counts);
        Assert.Equal(
            new Dictionary<string, int> { [DriftVendors.CloudflareRecord] = 2, [DriftVendors.CloudflareZone] = 1 },
            counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public async Task CountLatestOrphansAsync_LatestReportWithoutOrphans_IsEmptyNotNull()
    {
        await _reports.SaveAsync(new DriftReport { InstanceId = "count-with", Findings = [new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.Matomo, Resource = "Matomo site 9", Detail = "x" }] });
        await _reports.SaveAsync(new DriftReport
        {
            InstanceId = "count-without",
            Findings = [new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.Matomo, Resource = "Matomo site 4", Detail = "gone" }],
        });

        var counts = await _reports.CountLatestOrphansAsync();

        Assert.NotNull(counts);
        Assert.Empty(counts);
    }

    [Fact]
    public async Task CountLatestOrphansAsync_NoReport_IsNull()
    {
        var empty = new MigratedDatabase();
        await empty.InitializeAsync();
        try
        {
            Assert.Null(await new DriftReportRepository(empty.DataSource).CountLatestOrphansAsync());
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    [Fact]
    public async Task SaveAsync_BeyondRetention_KeepsTheNewestThirty()
    {
        for (var i = 0; i < DriftReportRepository.Retention + 5; i++)
        {
            await _reports.SaveAsync(new DriftReport { InstanceId = $"retention-{i}" });
        }

        Assert.Equal(DriftReportRepository.Retention, await db.ScalarAsync<long>("SELECT count(*) FROM wf.drift_reports"));
        Assert.Equal($"retention-{DriftReportRepository.Retention + 4}", (await _reports.GetLatestAsync())!.InstanceId);
    }
}
