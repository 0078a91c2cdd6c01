using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows.ServerConsole;

namespace WebsiteFactory.Functions.Timers;

/// <summary>Runs the nightly <see cref="CertificateExpiryCheck"/> at 03:15 UTC.</summary>
/// <param name="check">The check.</param>
/// <param name="logger">The logger.</param>
public sealed partial class CertificateExpiryTimer(CertificateExpiryCheck check, ILogger<CertificateExpiryTimer> logger)
{
    /// <summary>Timer trigger.</summary>
    /// <param name="timer">The timer state.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>A task that completes when every server was checked.</returns>
    /// <remarks>
    /// A fixed schedule rather than an app setting (as the analytics timer has): an app-setting placeholder that does not resolve stops the
    /// whole Functions host, and this check has no reason to move. It runs in the timer itself, not as an orchestration:
    /// one SSH read per server, idempotent, and tomorrow's run covers a missed one.
    /// </remarks>
    [Function("CertificateExpiryTimer")]
    public async Task RunAsync([TimerTrigger("0 15 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var summary = await check.RunAsync(cancellationToken).ConfigureAwait(false);
        Log.Checked(logger, timer.IsPastDue, summary.ServersChecked, summary.ServersFailed, summary.Warnings);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Certificate check (past due: {PastDue}): {Checked} servers read, {Failed} unreachable, {Warnings} sites warned")]
        public static partial void Checked(ILogger logger, bool pastDue, int @checked, int failed, int warnings);
    }
}
