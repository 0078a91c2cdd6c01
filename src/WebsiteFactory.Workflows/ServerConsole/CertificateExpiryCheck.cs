using System.Globalization;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.ServerConsole;

/// <summary>
/// The nightly certificate check: per CloudPanel server, one SSH read of every installed certificate
/// (<see cref="IServerConsole.GetCertificatesAsync"/>), and a <see cref="StepOutcome.Warning"/> site event on each of our
/// sites on it whose certificate has fewer than <see cref="CertificateExpiry.WarningDays"/> days left, is expired,
/// unreadable or missing. A server that cannot be reached is logged and counted, and the others are still checked.
/// </summary>
/// <remarks>
/// A plain service rather than an orchestration: it is one read per server, idempotent, and a missed night is caught by the
/// next one (a certificate under 14 days is still under 14 days tomorrow), so durable replay would buy nothing.
/// </remarks>
public sealed partial class CertificateExpiryCheck(
    IHostingServerRepository servers,
    ISiteRepository sites,
    ISiteStateStore state,
    TimeProvider clock,
    ILogger<CertificateExpiryCheck> logger,
    IServerConsole? console = null)
{
    /// <summary>The actor of the warnings.</summary>
    public const string Actor = "system:certificate-check";

    /// <summary>Checks every server once.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What was checked and found.</returns>
    public async Task<CertificateCheckSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        if (console is null)
        {
            Log.NoConsole(logger);
            return new CertificateCheckSummary(0, 0, 0, []);
        }

        int checkedServers = 0, failedServers = 0;
        var warned = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var server in await servers.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            IReadOnlyList<CertificateExpiry> certificates;
            try
            {
                certificates = await console.GetCertificatesAsync(server, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException e)
            {
                failedServers++;
                Log.ServerFailed(logger, server.Name, e.Message);
                continue;
            }

            checkedServers++;
            var byDomain = certificates.ToDictionary(c => c.Domain, StringComparer.Ordinal);
            foreach (var site in await HostedSitesAsync(server.Id, cancellationToken).ConfigureAwait(false))
            {
                var message = byDomain.TryGetValue(site.Domain.Value, out var cert)
                    ? cert.NeedsAttention(now) ? Describe(cert, now) : null
                    : $"No certificate file for {site.Domain} on server '{server.Name}'.";
                if (message is null)
                {
                    continue;
                }

                warned.Add(site.Domain.Value);
                await state.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Certificate, Outcome = StepOutcome.Warning, Message = message, Actor = Actor }, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.Done(logger, checkedServers, failedServers, warned.Count);
        return new CertificateCheckSummary(checkedServers, failedServers, warned.Count, warned);
    }

    private static string Describe(CertificateExpiry cert, DateTimeOffset now) => cert.DaysLeft(now) switch
    {
        null => $"The certificate of {cert.Domain} could not be read: {cert.Problem}",
        < 0 => string.Create(CultureInfo.InvariantCulture, $"The certificate of {cert.Domain} expired on {cert.NotAfter:yyyy-MM-dd}. Renew it from the server console (renew-certificate)."),
        var days => string.Create(CultureInfo.InvariantCulture, $"The certificate of {cert.Domain} expires in {days} days ({cert.NotAfter:yyyy-MM-dd}); automatic renewal should have happened by now. Renew it from the server console (renew-certificate)."),
    };

    private async Task<List<Site>> HostedSitesAsync(Guid serverId, CancellationToken cancellationToken)
    {
        var list = new List<Site>();
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await sites.ListAsync(new SiteQuery { ServerId = serverId, StatusHosting = HostingStatus.Active, Offset = offset, Limit = SiteQuery.MaxLimit }, cancellationToken).ConfigureAwait(false);
            list.AddRange(page.Items.Where(s => s.Lifecycle == SiteLifecycle.Active));
            if (!page.HasMore)
            {
                return list;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Certificate check skipped: this host has no server console (vendor providers are not registered)")]
        public static partial void NoConsole(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "Certificate check could not read server {Server}: {Reason}")]
        public static partial void ServerFailed(ILogger logger, string server, string reason);

        [LoggerMessage(3, LogLevel.Information, "Certificate check: {Checked} servers read, {Failed} unreachable, {Warnings} sites warned")]
        public static partial void Done(ILogger logger, int @checked, int failed, int warnings);
    }
}
