using Microsoft.Extensions.Options;
using WebsiteFactory.Workflows.ServerConsole;

namespace WebsiteFactory.Server.Schedules;

/// <summary>
/// Runs <see cref="CertificateExpiryCheck"/> on <see cref="CertificateCheckOptions.NightlySchedule"/> (UTC) in the local
/// server; the Functions app has a timer for the same check. A run that fails is logged and the next night tries again.
/// </summary>
public sealed partial class CertificateCheckScheduler(
    IServiceProvider services,
    IOptions<CertificateCheckOptions> options,
    TimeProvider clock,
    ILogger<CertificateCheckScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            Log.Disabled(logger);
            return;
        }

        var schedule = NightlyAnalyticsSchedule.TryParse(settings.NightlySchedule)!;
        var after = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested && schedule.NextAfter(after) is { } occurrence)
        {
            for (var now = clock.GetUtcNow(); now < occurrence; now = clock.GetUtcNow())
            {
                var wait = occurrence - now;
                await Task.Delay(wait < MaxSleep ? wait : MaxSleep, clock, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                await services.GetRequiredService<CertificateExpiryCheck>().RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Failed(logger, e);
            }

            after = occurrence;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Nightly certificate check disabled (Certificates:Enabled=false)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(2, LogLevel.Error, "Nightly certificate check failed; the next night tries again")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
