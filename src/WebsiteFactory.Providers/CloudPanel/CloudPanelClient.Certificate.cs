using Microsoft.Extensions.Logging;
using Renci.SshNet;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>The look at the installed certificate that makes <see cref="InstallCertificateAsync"/> idempotent.</summary>
public sealed partial class CloudPanelClient
{
    /// <summary>Path of the certificate CloudPanel serves for <paramref name="domain"/>.</summary>
    public string CertificatePath(DomainName domain) => $"{_options.CertificateDirectory.TrimEnd('/')}/{domain?.Value}.crt";

    /// <summary>
    /// True when the site already serves a CA-issued certificate for the domain and <c>www.</c> that stays valid for
    /// <see cref="CloudPanelOptions.CertificateMinimumValidity"/>. Read with <c>openssl x509</c> over the same SSH session: first
    /// as the SSH user (a certificate is public; no privilege is asked for what needs none), then, only when that is denied,
    /// with clpctl's privilege prefix (<c>sudo -n</c>). A check that cannot answer (no openssl, no permission, the command
    /// failed) is logged as a warning and answers false: it never blocks issuing.
    /// </summary>
    private async Task<bool> HasValidCertificateAsync(SshClient ssh, HostingServer server, DomainName domain, CancellationToken cancellationToken)
    {
        var found = await ReadCertificateAsync(ssh, domain, string.Empty, cancellationToken).ConfigureAwait(false);
        if (found.PermissionDenied && _options.PrivilegePrefix.Length > 0)
        {
            found = await ReadCertificateAsync(ssh, domain, _options.PrivilegePrefix, cancellationToken).ConfigureAwait(false);
        }

        switch (found.State)
        {
            case InstalledCertificateState.Valid:
                Log.CertificateAlreadyInstalled(logger, domain.Value, server.Name, found.Detail);
                return true;
            case InstalledCertificateState.Unknown:
                Log.CertificateCheckFailed(logger, domain.Value, server.Name, found.Detail);
                return false;
            default:
                Log.CertificateNeeded(logger, domain.Value, server.Name, found.Detail);
                return false;
        }
    }

    private async Task<InstalledCertificate> ReadCertificateAsync(SshClient ssh, DomainName domain, string privilegePrefix, CancellationToken cancellationToken)
    {
        try
        {
            var command = InstalledCertificate.Command(privilegePrefix, CertificatePath(domain), _options.CertificateMinimumValidity);
            var result = await RunRawAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            return InstalledCertificate.Judge(domain.Value, result.ExitCode, result.Output, result.Error);
        }
        catch (ProviderException e)
        {
            return new InstalledCertificate(InstalledCertificateState.Unknown, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Information, "Certificate for {Domain} on {Server} is already installed (issuer {Issuer}) and not expiring soon; no new order")]
        public static partial void CertificateAlreadyInstalled(ILogger logger, string domain, string server, string issuer);

        [LoggerMessage(5, LogLevel.Information, "Certificate for {Domain} on {Server} will be issued (installed certificate: {Reason})")]
        public static partial void CertificateNeeded(ILogger logger, string domain, string server, string reason);

        [LoggerMessage(6, LogLevel.Warning, "Could not check the installed certificate of {Domain} on {Server} ({Reason}); issuing anyway")]
        public static partial void CertificateCheckFailed(ILogger logger, string domain, string server, string reason);
    }
}
