using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Preflight;

namespace WebsiteFactory.Workflows.Preflight;

/// <summary>
/// Runs every probe of every <see cref="IPreflightCheck"/> concurrently, each under <see cref="PreflightOptions.CheckTimeout"/>,
/// and returns one row per probe: failures first, then warnings, then passes. A probe that throws fails; one that times
/// out or cannot reach its service warns (transient trouble must not block a batch); one probe never stops another.
/// </summary>
public sealed partial class PreflightRunner(IEnumerable<IPreflightCheck> checks, PreflightOptions options, TimeProvider clock, ILogger<PreflightRunner> logger)
{
    private readonly IReadOnlyList<IPreflightCheck> _checks = [.. checks];

    /// <summary>Runs every check.</summary>
    /// <param name="cancellationToken">Cancels the whole run.</param>
    /// <returns>The report.</returns>
    public async Task<PreflightReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var listings = await Task.WhenAll(_checks.Select(c => ListAsync(c, cancellationToken))).ConfigureAwait(false);
        var rows = await Task.WhenAll(listings.SelectMany(p => p).Select(p => RunProbeAsync(p, cancellationToken))).ConfigureAwait(false);
        return new PreflightReport([.. rows
            .OrderByDescending(r => r.Result)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Target, StringComparer.Ordinal)]);
    }

    private async Task<IReadOnlyList<PreflightProbe>> ListAsync(IPreflightCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await check.ProbesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var name = check.GetType().Name;
            Log.ListingFailed(logger, name, e.GetType().Name);
            return [new PreflightProbe(name, "configuration", _ => Task.FromResult(PreflightOutcome.Fail(
                $"Could not list what to check ({e.GetType().Name}).", "Check that the database is reachable and the accounts and servers are readable, then run pre-flight again.")))];
        }
    }

    private async Task<PreflightCheckResult> RunProbeAsync(PreflightProbe probe, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.CheckTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        PreflightOutcome outcome;
        try
        {
            // Task.Run: a probe that blocks before its first await must not hold up the others.
            outcome = await Task.Run(() => probe.Run(linked.Token), linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A hang is as often a vendor blip as a wrong address: it warns (and never blocks a batch); misconfigurations
            // that a vendor answers clearly (bad token, IP not allow-listed, wrong host key) are the failures.
            outcome = PreflightOutcome.Warn(
                $"No answer within {options.CheckTimeout.TotalSeconds:0.#} s.",
                "Run pre-flight again; if it persists, check that the service is reachable from this machine (address, firewall, DNS) or raise Preflight:CheckTimeout.");
        }
        catch (HttpRequestException e)
        {
            outcome = PreflightOutcome.Warn($"Could not reach the service ({e.HttpRequestError}).", "Run pre-flight again; if it persists, check the service's URL in the configuration and that this machine can reach it.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ProbeFailed(logger, probe.Name, probe.Target, e.GetType().Name);
            outcome = PreflightOutcome.Fail($"The check itself failed ({e.GetType().Name}).", "Look at the server log for this check and fix the configuration it names.");
        }

        var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new PreflightCheckResult(probe.Name, probe.Target, outcome.Status, outcome.Message, outcome.Fix, ms);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Pre-flight check {Check} could not list its targets ({Error})")]
        public static partial void ListingFailed(ILogger logger, string check, string error);

        [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Pre-flight check {Check} on {Target} threw {Error}")]
        public static partial void ProbeFailed(ILogger logger, string check, string target, string error);
    }
}
