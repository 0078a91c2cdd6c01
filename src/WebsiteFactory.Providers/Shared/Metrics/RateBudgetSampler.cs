using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Shared.Metrics;

/// <summary>
/// Keeps the <c>wf.vendor.rate_budget.remaining</c> gauge current: reads every Cloudflare account's budget every
/// <see cref="Interval"/> (one small query per account). A failed read (database briefly away) is logged and retried on the
/// next tick; the gauge keeps its last readings meanwhile.
/// </summary>
/// <param name="services">Resolves the reader (scoped repositories are fine).</param>
/// <param name="clock">The clock the ticks follow.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RateBudgetSampler(IServiceProvider services, TimeProvider clock, ILogger<RateBudgetSampler> logger) : BackgroundService
{
    /// <summary>How often the budgets are read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IRateBudgetReader>().ReadAsync(stoppingToken).ConfigureAwait(false);
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
