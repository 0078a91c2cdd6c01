using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class AnalyticsRepositoryTests : IClassFixture<MigratedDatabase>
{
    private static readonly DateOnly Day1 = new(2026, 3, 1);
    private static readonly DateOnly Day2 = new(2026, 3, 2);
    private readonly MigratedDatabase _db;
    private readonly AnalyticsRepository _analytics;
    private readonly SiteRepository _sites;

    public AnalyticsRepositoryTests(MigratedDatabase db)
    {
        _db = db;
        _analytics = new AnalyticsRepository(db.DataSource);
        _sites = new SiteRepository(db.DataSource);
    }

    [Fact]
    public async Task UpsertAsync_SameRowsTwice_IsIdempotent()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        DailyAnalytics[] rows =
        [
            new() { Date = Day1, SiteId = site.Id, MatomoVisits = 10, GscClicks = 2, GscImpressions = 50 },
            new() { Date = Day2, SiteId = site.Id, MatomoVisits = 12 },
        ];

        Assert.Equal(2, await _analytics.UpsertAsync(rows));
        Assert.Equal(0, await _analytics.UpsertAsync(rows));

        var stored = await _analytics.ListForSiteAsync(site.Id, Day1, Day2);
        Assert.Equal(2, stored.Count);
        Assert.Equal((10, 2, 50), (stored[0].MatomoVisits, stored[0].GscClicks, stored[0].GscImpressions));
        Assert.Null(stored[1].GscClicks);
    }

    [Fact]
    public async Task UpsertAsync_OneVendorAtATime_KeepsTheOthersFigures()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        await _analytics.UpsertAsync([new DailyAnalytics { Date = Day1, SiteId = site.Id, MatomoVisits = 40 }]);
        await _analytics.UpsertAsync([new DailyAnalytics { Date = Day1, SiteId = site.Id, GscClicks = 3, GscImpressions = 90 }]);
        await _analytics.UpsertAsync([new DailyAnalytics { Date = Day1, SiteId = site.Id, GscClicks = 4 }]);

        var row = Assert.Single(await _analytics.ListForSiteAsync(site.Id, Day1, Day1));
        Assert.Equal(40, row.MatomoVisits);
        Assert.Equal(4, row.GscClicks);
        Assert.Equal(90, row.GscImpressions);
    }

    [Fact]
    public async Task UpsertAsync_DuplicateKeysInOneCall_AreMerged()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        await _analytics.UpsertAsync(
        [
            new DailyAnalytics { Date = Day1, SiteId = site.Id, MatomoVisits = 1 },
            new DailyAnalytics { Date = Day1, SiteId = site.Id, GscClicks = 5 },
        ]);

        var row = Assert.Single(await _analytics.ListForSiteAsync(site.Id, Day1, Day1));
        Assert.Equal((1, 5), (row.MatomoVisits, row.GscClicks));
    }

    [Fact]
    public async Task UpsertAsync_UnknownSite_ThrowsNamingItAndWritesNothing()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        var unknown = Guid.NewGuid();

        var e = await Assert.ThrowsAsync<UnknownReferenceException>(() => _analytics.UpsertAsync(
        [
            new DailyAnalytics { Date = Day1, SiteId = site.Id, MatomoVisits = 1 },
            new DailyAnalytics { Date = Day1, SiteId = unknown, MatomoVisits = 1 },
        ]));

        Assert.Equal($"Unknown site '{unknown}'.", e.Message);
        Assert.Empty(await _analytics.ListForSiteAsync(site.Id, Day1, Day1));
    }

    [Fact]
    public async Task UpsertAsync_NegativeFigure_ThrowsValidation()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        await Assert.ThrowsAsync<EntityValidationException>(() =>
            _analytics.UpsertAsync([new DailyAnalytics { Date = Day1, SiteId = site.Id, GscClicks = -1 }]));
        Assert.Empty(await _analytics.ListForSiteAsync(site.Id, Day1, Day1));
    }

    [Fact]
    public async Task Queries_TotalsRangesAndLatestDates()
    {
        var a = await _sites.CreateAsync(TestData.Site());
        var b = await _sites.CreateAsync(TestData.Site());
        var d = new DateOnly(2031, 5, 1);
        await _analytics.UpsertAsync(
        [
            new DailyAnalytics { Date = d, SiteId = a.Id, MatomoVisits = 10, GscClicks = 1, GscImpressions = 7 },
            new DailyAnalytics { Date = d, SiteId = b.Id, MatomoVisits = 5 },
            new DailyAnalytics { Date = d.AddDays(1), SiteId = a.Id, MatomoVisits = 20 },
        ]);

        var totals = await _analytics.GetTotalsAsync(d, d.AddDays(1));
        Assert.Equal(new DailyAnalyticsTotal(d, 2, 15, 1, 7), totals[0]);
        Assert.Equal(new DailyAnalyticsTotal(d.AddDays(1), 1, 20, 0, 0), totals[1]);
        Assert.Equal(3, (await _analytics.ListAsync(d, d.AddDays(1))).Count);
        Assert.Equal(d.AddDays(1), await _analytics.GetLatestDateAsync(AnalyticsSource.Matomo));
        Assert.Equal(d, await _analytics.GetLatestDateAsync(AnalyticsSource.SearchConsole, a.Id));
        Assert.Null(await _analytics.GetLatestDateAsync(AnalyticsSource.SearchConsole, b.Id));
        await Assert.ThrowsAsync<EntityValidationException>(() => _analytics.ListAsync(d, d.AddDays(-1)));
    }
}
