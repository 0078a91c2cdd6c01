using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Analytics.Activities;

/// <summary>
/// Collects one site's Matomo visits and Search Console clicks/impressions and upserts them into <c>daily_analytics</c>.
/// </summary>
/// <remarks>
/// <para>Range per vendor: from the day after the latest stored figure (backfill after downtime, at most
/// <see cref="CollectAnalyticsInput.MaxBackfillDays"/>), but always the last <see cref="CollectAnalyticsInput.RefetchDays"/>
/// days again, because Search Console figures land 2–3 days late and change until final.</para>
/// <para>Vendors are independent: a failing vendor is reported in the result and its columns stay null (the store
/// leaves null columns alone), the other vendor's figures are still written. Only store failures fail the activity.</para>
/// <para>Search Console days older than the refetch window that Google returns no row for are written as zero (no
/// impressions); newer ones stay null until Google has final data.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class CollectAnalyticsActivity(
    ISiteStateStore sites,
    IMatomoClient matomo,
    ISearchConsole searchConsole,
    IGscAccountRepository gscAccounts,
    IAnalyticsRepository analytics,
    IActivityExecutionAccessor execution) : TaskActivity<CollectAnalyticsInput, CollectAnalyticsResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Analytics_Collect";

    /// <inheritdoc />
    public override async Task<CollectAnalyticsResult> RunAsync(TaskActivityContext context, CollectAnalyticsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await sites.GetAsync(input.SiteId, ct).ConfigureAwait(false);
        if (site is null)
        {
            return new CollectAnalyticsResult(input.SiteId, 0, "site no longer exists", "site no longer exists");
        }

        var rows = new SortedDictionary<DateOnly, DailyAnalytics>();
        DailyAnalytics Row(DateOnly d) => rows.TryGetValue(d, out var r) ? r : rows[d] = new DailyAnalytics { Date = d, SiteId = site.Id };

        string? matomoError = null;
        if (site.MatomoSiteId is { } matomoId)
        {
            var from = await StartAsync(AnalyticsSource.Matomo, site.Id, input, ct).ConfigureAwait(false);
            try
            {
                foreach (var day in await matomo.GetDailyVisitsAsync(matomoId, from, input.Through, ct).ConfigureAwait(false))
                {
                    if (day.Date >= from && day.Date <= input.Through)
                    {
                        rows[day.Date] = Row(day.Date) with { MatomoVisits = Clamp(day.Visits) };
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Any failure of one vendor (including an unexpected one) leaves the other vendor's figures to be written.
                matomoError = $"Matomo: {Describe(e)}";
            }
        }

        string? gscError = null;
        if (site.GscAccountId is { } gscId && site.GscVerificationStatus == GscVerificationStatus.Verified)
        {
            var from = await StartAsync(AnalyticsSource.SearchConsole, site.Id, input, ct).ConfigureAwait(false);
            try
            {
                var account = await gscAccounts.GetAsync(gscId, ct).ConfigureAwait(false) ?? throw new ProviderException("searchconsole", ProviderErrorKind.Permanent, $"Search Console account {gscId} does not exist.");
                var days = (await searchConsole.QueryDailyAsync(account, site.Domain, from, input.Through, ct).ConfigureAwait(false)).ToDictionary(d => d.Date);
                var finalBefore = input.Through.AddDays(-Math.Max(0, input.RefetchDays - 1));
                for (var d = from; d <= input.Through; d = d.AddDays(1))
                {
                    if (days.TryGetValue(d, out var day))
                    {
                        rows[d] = Row(d) with { GscClicks = Clamp(day.Clicks), GscImpressions = Clamp(day.Impressions) };
                    }
                    else if (d < finalBefore)
                    {
                        rows[d] = Row(d) with { GscClicks = 0, GscImpressions = 0 };
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                gscError = $"Search Console: {Describe(e)}";
            }
        }

        var written = rows.Count == 0 ? 0 : await analytics.UpsertAsync(rows.Values.ToList(), ct).ConfigureAwait(false);
        var anomaly = await DetectAsync(site, input.Through, ct).ConfigureAwait(false);
        if (anomaly is not null || matomoError is not null || gscError is not null)
        {
            await sites.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Analytics,
                Outcome = StepOutcome.Warning,
                Message = string.Join(" ", new[] { anomaly, matomoError, gscError }.Where(s => s is not null)),
                Actor = $"workflow:{context.InstanceId}",
            }, ct).ConfigureAwait(false);
        }

        return new CollectAnalyticsResult(site.Id, written, matomoError, gscError, anomaly);
    }

    private static string Describe(Exception e) => e is ProviderException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    private async Task<DateOnly> StartAsync(AnalyticsSource source, Guid siteId, CollectAnalyticsInput input, CancellationToken ct)
    {
        var refetchFrom = input.Through.AddDays(-Math.Max(0, input.RefetchDays - 1));
        var earliest = input.Through.AddDays(-Math.Max(0, input.MaxBackfillDays - 1));
        var latest = await analytics.GetLatestDateAsync(source, siteId, ct).ConfigureAwait(false);
        // A site without history starts at the refetch window; one with a gap starts right after its last figure.
        var from = latest is { } l && l.AddDays(1) < refetchFrom ? l.AddDays(1) : refetchFrom;
        return from < earliest ? earliest : from;
    }

    private async Task<string?> DetectAsync(Site site, DateOnly day, CancellationToken ct)
    {
        var history = await analytics.ListForSiteAsync(site.Id, day.AddDays(-7), day, ct).ConfigureAwait(false);
        var today = history.FirstOrDefault(h => h.Date == day)?.MatomoVisits;
        if (today is not { } visits)
        {
            return null;
        }

        var previous = history.Where(h => h.Date < day && h.MatomoVisits is not null).Select(h => h.MatomoVisits!.Value).ToList();
        return AnalyticsAnomaly.VisitsDrop(visits, previous);
    }

    private static int Clamp(long value) => value < 0 ? 0 : value > int.MaxValue ? int.MaxValue : (int)value;
}
