using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Providers.Shared.Metrics;

/// <summary>
/// Keeps the <c>wf.vendor.rate_budget.remaining</c> gauge current: reads every Cloudflare account's budget every
/// <see cref="Interval"/> (one small query per account), and the <c>wf.fleet.orphans</c> gauge from the latest stored
/// reconcile report at start and every <see cref="OrphanRefreshTicks"/> ticks (a reconcile in another process shows up
/// here too). A failed read (database briefly away) is logged and retried on the next tick; the gauges keep their last
/// readings meanwhile.
/// </summary>
/// <param name="services">Resolves the reader (scoped repositories are fine).</param>
/// <param name="clock">The clock the ticks follow.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RateBudgetSampler(IServiceProvider services, TimeProvider clock, ILogger<RateBudgetSampler> logger) : BackgroundService
{
    /// <summary>How often the budgets are read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Every how many ticks the orphan counts are read again (5 minutes).</summary>
    public const int OrphanRefreshTicks = 20;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var tick = 0;
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IRateBudgetReader>().ReadAsync(stoppingToken).ConfigureAwait(false);
                if (tick++ % OrphanRefreshTicks == 0 && scope.ServiceProvider.GetService<IDriftReportStore>() is { } reports)
                {
                    var counts = await reports.CountLatestOrphansAsync(stoppingToken).ConfigureAwait(false);
                    scope.ServiceProvider.GetRequiredService<VendorMetrics>().SetOrphanCounts(OrphanCount.FromCounts(counts));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReadFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Reading the Cloudflare rate budgets failed ({Error}); the gauge keeps its last readings.")]
    private static partial void LogReadFailed(ILogger logger, string error);
}
