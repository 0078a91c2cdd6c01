using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.CloudPanel;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>Certificate idempotency: the adapter looks at the installed certificate before it orders one.</summary>
public sealed partial class CloudPanelClientTests
{
    [Fact]
    public async Task InstallCertificate_AlreadyInstalled_DoesNotIssueAgain()
    {
        var domain = await SiteAsync("once-only.com");
        await _client.InstallCertificateAsync(_server, domain);

        // A replay: the worker died after clpctl succeeded but before the step was recorded.
        await _client.InstallCertificateAsync(_server, domain);
        await CreateClient().InstallCertificateAsync(_server, domain);

        Assert.Equal(["once-only.com"], _clpctl.Certificates);
        Assert.Single(_clpctl.Calls, c => c.StartsWith("lets-encrypt:install:certificate", StringComparison.Ordinal));
        Assert.Equal(2, _logs.Lines.Count(l => l.Contains("Certificate for once-only.com on test-sshd is already installed", StringComparison.Ordinal)
            && l.Contains("Let's Encrypt (stand-in)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InstallCertificate_OnlySelfSignedInstalled_Issues()
    {
        var domain = await SiteAsync("self-signed.com");
        Assert.True(File.Exists(Path.Combine(_clpctl.CertificateDirectory, "self-signed.com.crt"))); // from site:add:static

        await _client.InstallCertificateAsync(_server, domain);

        Assert.Equal(["self-signed.com"], _clpctl.Certificates);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("self-signed.com on test-sshd will be issued (installed certificate: self-signed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstallCertificate_NoCertificateFile_Issues()
    {
        var domain = await SiteAsync("no-file.com");
        File.Delete(Path.Combine(_clpctl.CertificateDirectory, "no-file.com.crt"));

        await _client.InstallCertificateAsync(_server, domain);

        Assert.Equal(["no-file.com"], _clpctl.Certificates);
        Assert.Contains(_logs.Lines, l => l.Contains("no-file.com on test-sshd will be issued (installed certificate: no certificate file)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstallCertificate_InstalledOneExpiresSoon_IssuesAgain()
    {
        var domain = await SiteAsync("expiring.com");
        _clpctl.SetCertificateValidity(1);
        await _client.InstallCertificateAsync(_server, domain);
        _clpctl.SetCertificateValidity(90);

        await _client.InstallCertificateAsync(_server, domain); // 1 day left < 30: renew
        await _client.InstallCertificateAsync(_server, domain); // 90 days left: keep

        Assert.Equal(["expiring.com", "expiring.com"], _clpctl.Certificates);
        Assert.Contains(_logs.Lines, l => l.Contains("expiring.com on test-sshd will be issued (installed certificate: expires within the minimum validity)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstallCertificate_CheckFails_FallsBackToIssuingWithWarning()
    {
        var domain = await SiteAsync("unreadable.com");
        await _client.InstallCertificateAsync(_server, domain);
        await File.WriteAllTextAsync(Path.Combine(_clpctl.CertificateDirectory, "unreadable.com.crt"), "not a certificate\n"); // openssl cannot parse it

        await _client.InstallCertificateAsync(_server, domain);

        Assert.Equal(["unreadable.com", "unreadable.com"], _clpctl.Certificates);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("Could not check the installed certificate of unreadable.com on test-sshd (exit 1:", StringComparison.Ordinal)
            && l.Contains("issuing anyway", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstallCertificate_UnreadableWithoutPrivilege_RereadsWithClpctlsSudoPrefix()
    {
        // clpctl runs as "sudo -n clpctl"; this sudo logs its command and, standing in for root, makes the certificates readable.
        var log = Path.Combine(_clpctl.StateDirectory, "sudo.log");
        var sudo = _sshd.InstallExecutable("sudo-" + Guid.NewGuid().ToString("N")[..6], $$"""
            #!/bin/bash
            [ "$1" = -n ] && shift
            printf '%s\n' "$*" >> '{{log}}'
            chmod u+r '{{_clpctl.CertificateDirectory}}'/*.crt 2>/dev/null
            exec "$@"

            """);
        var client = new CloudPanelClient(
            new SshConnector(_secrets), _secrets, _budget,
            Options.Create(new CloudPanelOptions { ClpctlCommand = $"{sudo} -n {_clpctl.CommandPath}", HomeDirectory = _clpctl.HomeDirectory, CertificateDirectory = _clpctl.CertificateDirectory }),
            new LoggerFactory([_logs]).CreateLogger<CloudPanelClient>(),
            TestVendorMetrics.Create());
        var domain = await SiteAsync("root-only.com");
        await client.InstallCertificateAsync(_server, domain);
        var certificate = Path.Combine(_clpctl.CertificateDirectory, "root-only.com.crt");
        File.SetUnixFileMode(certificate, UnixFileMode.None); // the SSH user can no longer read it

        await client.InstallCertificateAsync(_server, domain);

        Assert.Equal(["root-only.com"], _clpctl.Certificates);
        Assert.Single(File.ReadAllLines(log), l => l.StartsWith($"openssl x509 -in {certificate} -noout", StringComparison.Ordinal));
        Assert.Single(File.ReadAllLines(log), l => l.StartsWith($"{_clpctl.CommandPath} lets-encrypt:install:certificate", StringComparison.Ordinal));
    }

    private async Task<DomainName> SiteAsync(string name)
    {
        var domain = DomainName.Parse(name, CultureInfo.InvariantCulture);
        await _client.EnsureStaticSiteAsync(_server, domain, SiteUser.FromDomain(domain), "site-pw");
        return domain;
    }
}
