using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Tests.Content;

namespace WebsiteFactory.Workflows.Tests.Analytics;

/// <summary><see cref="NightlyAnalytics"/> on the durable host against real PostgreSQL, with faked Matomo and Search Console.</summary>
public sealed class NightlyAnalyticsTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    // Run date 2026-05-11: figures through 2026-05-10, refetch window 05-08..05-10.
    private static readonly DateOnly RunDate = new(2026, 5, 11);
    private static readonly DateOnly Through = new(2026, 5, 10);

    [Fact]
    public async Task Nightly_RunTwice_SameDailyAnalyticsRows()
    {
        var site = await harness.AddSiteAsync("twice.example.com", matomoSiteId: 101, gscStatus: GscVerificationStatus.Verified);
        this.MatomoVisits(101, d => 100 + d.Day);
        this.SearchConsoleDays("twice.example.com", Through.AddDays(-2)); // Google's data lags: nothing newer than 05-08

        var first = await this.RunNightlyAsync();
        var rowsAfterFirst = await this.RowsAsync(site.Id);
        var second = await this.RunNightlyAsync();
        var rowsAfterSecond = await this.RowsAsync(site.Id);

        Assert.Equal(Through, first.Through);
        Assert.Equal(
            new (DateOnly, int?, int?, int?)[]
            {
                (new DateOnly(2026, 5, 8), 108, 8, 80),
                (new DateOnly(2026, 5, 9), 109, null, null),
                (new DateOnly(2026, 5, 10), 110, null, null),
            },
            rowsAfterFirst);
        Assert.Equal(rowsAfterFirst, rowsAfterSecond);
        Assert.DoesNotContain(first.Failures, f => f.StartsWith(site.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(second.Failures, f => f.StartsWith(site.Id.ToString(), StringComparison.Ordinal));

        // No history: the first run starts at the refetch window; the second refetches the same window.
        await harness.Matomo.Received(2).GetDailyVisitsAsync(101, new DateOnly(2026, 5, 8), Through, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Nightly_MatomoFails_SearchConsoleWrittenAndStoredVisitsKept()
    {
        var site = await harness.AddSiteAsync("matomo-down.example.com", matomoSiteId: 102, gscStatus: GscVerificationStatus.Verified);
        this.MatomoVisits(102, _ => 40);
        this.SearchConsoleDays("matomo-down.example.com", Through.AddDays(-2));
        await this.RunNightlyAsync();

        harness.Matomo.GetDailyVisitsAsync(102, Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("matomo", ProviderErrorKind.Transient, "Matomo is unreachable (503)."));
        this.SearchConsoleDays("matomo-down.example.com", Through.AddDays(-1)); // Google now has 05-09 too
        var result = await this.RunNightlyAsync();
        var rows = await this.RowsAsync(site.Id);

        Assert.Contains(result.Failures, f => f.StartsWith($"{site.Id}: Matomo:", StringComparison.Ordinal) && f.Contains("503", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal(40, r.Visits)); // a failed vendor never overwrites stored figures with null
        var updated = rows.Single(r => r.Date == Through.AddDays(-1));
        Assert.Equal(9, updated.Clicks);
        Assert.Equal(90, updated.Impressions);
        var events = await harness.EventsAsync(site.Id);
        Assert.Contains(events, e => e.Step == "analytics" && e.Outcome == "warning" && e.Message.Contains("Matomo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nightly_SearchConsoleFails_MatomoStillWritten()
    {
        var site = await harness.AddSiteAsync("gsc-down.example.com", matomoSiteId: 103, gscStatus: GscVerificationStatus.Verified);
        this.MatomoVisits(103, d => d.Day);
        harness.SearchConsole.QueryDailyAsync(Arg.Any<GscAccount>(), Arg.Is<DomainName>(d => d.Value == "gsc-down.example.com"), Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("searchconsole", ProviderErrorKind.RateLimited, "Search Console quota exceeded.", TimeSpan.FromMinutes(1)));

        var result = await this.RunNightlyAsync();
        var rows = await this.RowsAsync(site.Id);

        Assert.Contains(result.Failures, f => f.StartsWith($"{site.Id}: Search Console:", StringComparison.Ordinal));
        Assert.Equal(new[] { 8, 9, 10 }, rows.Select(r => r.Visits ?? -1));
        Assert.All(rows, r => Assert.Null(r.Clicks));
    }

    [Fact]
    public async Task Nightly_SearchConsoleThrowsUnexpectedException_MatomoStillWritten()
    {
        // Not a ProviderException (e.g. a resilience-pipeline rejection or a parsing bug): still only that vendor's loss.
        var site = await harness.AddSiteAsync("gsc-odd.example.com", matomoSiteId: 113, gscStatus: GscVerificationStatus.Verified);
        this.MatomoVisits(113, d => d.Day);
        harness.SearchConsole.QueryDailyAsync(Arg.Any<GscAccount>(), Arg.Is<DomainName>(d => d.Value == "gsc-odd.example.com"), Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidOperationException("The circuit is now open and is not allowing calls."));

        var result = await this.RunNightlyAsync();
        var rows = await this.RowsAsync(site.Id);

        Assert.Contains(result.Failures, f => f.StartsWith($"{site.Id}: Search Console: InvalidOperationException", StringComparison.Ordinal));
        Assert.Equal(new[] { 8, 9, 10 }, rows.Select(r => r.Visits ?? -1));
    }

    [Fact]
    public async Task Nightly_GapAfterDowntime_BackfillsFromLastStoredDay()
    {
        var site = await harness.AddSiteAsync("gap.example.com", matomoSiteId: 104, gsc: false);
        await harness.Services.GetRequiredService<IAnalyticsRepository>().UpsertAsync([new DailyAnalytics { Date = new DateOnly(2026, 5, 1), SiteId = site.Id, MatomoVisits = 7 }]);
        this.MatomoVisits(104, d => d.Day);

        await this.RunNightlyAsync();
        var rows = await this.RowsAsync(site.Id);

        await harness.Matomo.Received(1).GetDailyVisitsAsync(104, new DateOnly(2026, 5, 2), Through, Arg.Any<CancellationToken>());
        Assert.Equal(Enumerable.Range(1, 10).Select(d => new DateOnly(2026, 5, d)), rows.Select(r => r.Date));
        Assert.Equal(7, rows[0].Visits);
        Assert.Equal(10, rows[^1].Visits);
    }

    [Fact]
    public async Task Nightly_GapLongerThanMaxBackfill_BackfillsOnlyMaxDays()
    {
        var site = await harness.AddSiteAsync("long-gap.example.com", matomoSiteId: 105, gsc: false);
        await harness.Services.GetRequiredService<IAnalyticsRepository>().UpsertAsync([new DailyAnalytics { Date = new DateOnly(2026, 3, 1), SiteId = site.Id, MatomoVisits = 7 }]);
        this.MatomoVisits(105, _ => 5);

        await this.RunNightlyAsync(new NightlyAnalyticsInput(RunDate, MaxBackfillDays: 30));

        await harness.Matomo.Received(1).GetDailyVisitsAsync(105, Through.AddDays(-29), Through, Arg.Any<CancellationToken>());
        Assert.Equal(31, (await this.RowsAsync(site.Id)).Count); // the old row + 30 backfilled days
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(49, true)]
    [InlineData(50, false)]
    [InlineData(60, false)]
    public async Task Nightly_VisitsAgainstSevenDayMedian_FlagsDropBelowHalf(int lastDayVisits, bool anomaly)
    {
        var matomoId = 200 + lastDayVisits;
        var site = await harness.AddSiteAsync($"drop-{lastDayVisits}.example.com", matomoSiteId: matomoId, gsc: false);
        var history = Enumerable.Range(0, 7).Select(i => new DailyAnalytics { Date = Through.AddDays(-7 + i), SiteId = site.Id, MatomoVisits = 100 }).ToList();
        await harness.Services.GetRequiredService<IAnalyticsRepository>().UpsertAsync(history);
        this.MatomoVisits(matomoId, d => d == Through ? lastDayVisits : 100);

        var result = await this.RunNightlyAsync();
        var events = await harness.EventsAsync(site.Id);

        Assert.Equal(anomaly, result.Anomalies.Any(a => a.StartsWith(site.Id.ToString(), StringComparison.Ordinal)));
        Assert.Equal(anomaly, events.Any(e => e.Step == "analytics" && e.Outcome == "warning" && e.Message.Contains("Visits dropped", StringComparison.Ordinal)));
    }

    private void MatomoVisits(int matomoSiteId, Func<DateOnly, int> visits) =>
        harness.Matomo.GetDailyVisitsAsync(matomoSiteId, Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var days = new List<VisitsSummary>();
            for (var d = c.ArgAt<DateOnly>(1); d <= c.ArgAt<DateOnly>(2); d = d.AddDays(1))
            {
                days.Add(new VisitsSummary(d, visits(d), null, 0, 0, 0));
            }

            return days;
        });

    /// <summary>Google answers rows up to <paramref name="lastDay"/>: clicks = day of month, impressions = 10 × that.</summary>
    private void SearchConsoleDays(string domain, DateOnly lastDay) =>
        harness.SearchConsole.QueryDailyAsync(Arg.Any<GscAccount>(), Arg.Is<DomainName>(d => d.Value == domain), Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>()).Returns(c =>
        {
            var days = new List<SearchAnalyticsDay>();
            for (var d = c.ArgAt<DateOnly>(2); d <= c.ArgAt<DateOnly>(3) && d <= lastDay; d = d.AddDays(1))
            {
                days.Add(new SearchAnalyticsDay(d, d.Day, d.Day * 10));
            }

            return days;
        });

    private async Task<NightlyAnalyticsResult> RunNightlyAsync(NightlyAnalyticsInput? input = null)
    {
        var meta = await harness.RunAsync(NightlyAnalytics.Name, input ?? new NightlyAnalyticsInput(RunDate));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        return meta.ReadOutputAs<NightlyAnalyticsResult>()!;
    }

    private async Task<List<(DateOnly Date, int? Visits, int? Clicks, int? Impressions)>> RowsAsync(Guid siteId) =>
        (await harness.Services.GetRequiredService<IAnalyticsRepository>().ListForSiteAsync(siteId, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)))
            .OrderBy(r => r.Date)
            .Select(r => (r.Date, r.MatomoVisits, r.GscClicks, r.GscImpressions))
            .ToList();
}
