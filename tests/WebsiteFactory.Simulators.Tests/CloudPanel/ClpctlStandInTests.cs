using System.Diagnostics;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Simulators.Tests.CloudPanel;

/// <summary>
/// The clpctl stand-in keeps certificates as CloudPanel does (<c>{dir}/{domain}.crt</c>): self-signed after
/// <c>site:add:static</c>, from a Let's Encrypt-like CA after <c>lets-encrypt:install:certificate</c>, gone after
/// <c>site:delete</c>. Run directly (the adapter tests run it over sshd); inspected with openssl.
/// </summary>
public sealed class ClpctlStandInTests(SshdFixture fixture) : IClassFixture<SshdFixture>
{
    private readonly ClpctlStandIn _clpctl = ClpctlStandIn.Install(fixture.Server);

    [Fact]
    public async Task SiteAddStatic_WritesSelfSignedCertificateForBothNames()
    {
        await AddSiteAsync("fresh.com");

        var text = await InspectAsync("fresh.com", TimeSpan.FromDays(365));
        Assert.Contains("issuer=CN = fresh.com", text, StringComparison.Ordinal);
        Assert.Contains("subject=CN = fresh.com", text, StringComparison.Ordinal);
        Assert.Contains("DNS:fresh.com, DNS:www.fresh.com", text, StringComparison.Ordinal);
        Assert.Empty(_clpctl.Certificates);
    }

    [Fact]
    public async Task LetsEncryptInstall_WritesCaIssuedCertificateValidFor90Days()
    {
        await AddSiteAsync("issued.com");

        var (exit, output) = await ClpctlAsync("lets-encrypt:install:certificate", "--domainName=issued.com");

        Assert.Equal((0, "Certificate installation was successful."), (exit, output.Trim()));
        Assert.Equal(["issued.com"], _clpctl.Certificates);
        var text = await InspectAsync("issued.com", TimeSpan.FromDays(89));
        Assert.Contains("issuer=C = US, O = Let's Encrypt (stand-in), CN = R11", text, StringComparison.Ordinal);
        Assert.Contains("subject=CN = issued.com", text, StringComparison.Ordinal);
        Assert.Contains("DNS:issued.com, DNS:www.issued.com", text, StringComparison.Ordinal);
        Assert.Contains("Certificate will expire", await InspectAsync("issued.com", TimeSpan.FromDays(91), expectedExit: 1), StringComparison.Ordinal);
        var verify = await RunAsync("openssl", "verify", "-CAfile", Path.Combine(_clpctl.StateDirectory, "ca", "ca.crt"), CertificatePath("issued.com"));
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public async Task LetsEncryptInstall_ShortValidity_IssuesCertificateThatExpiresSoon()
    {
        await AddSiteAsync("short.com");
        _clpctl.SetCertificateValidity(1);

        await ClpctlAsync("lets-encrypt:install:certificate", "--domainName=short.com");

        Assert.Contains("Certificate will expire", await InspectAsync("short.com", TimeSpan.FromDays(2), expectedExit: 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LetsEncryptInstall_ConcurrentFirstCalls_ShareOneCa()
    {
        string[] domains = ["c1.com", "c2.com", "c3.com", "c4.com"];
        foreach (var d in domains)
        {
            await AddSiteAsync(d);
        }

        var results = await Task.WhenAll(domains.Select(d => ClpctlAsync("lets-encrypt:install:certificate", $"--domainName={d}")));

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(domains.Order(), _clpctl.Certificates.Order());
        var verify = await RunAsync("openssl", ["verify", "-CAfile", Path.Combine(_clpctl.StateDirectory, "ca", "ca.crt"), .. domains.Select(CertificatePath)]);
        Assert.Equal(0, verify.ExitCode);
        Assert.Empty(Directory.GetDirectories(_clpctl.StateDirectory, ".ca.*")); // losers of the race cleaned up
    }

    [Fact]
    public async Task SiteDelete_RemovesCertificate()
    {
        await AddSiteAsync("removed.com");
        await ClpctlAsync("lets-encrypt:install:certificate", "--domainName=removed.com");

        await ClpctlAsync("site:delete", "--domainName=removed.com", "--force");

        Assert.False(File.Exists(CertificatePath("removed.com")));
        Assert.False(File.Exists(Path.Combine(_clpctl.CertificateDirectory, "removed.com.key")));
    }

    private string CertificatePath(string domain) => Path.Combine(_clpctl.CertificateDirectory, domain + ".crt");

    private async Task AddSiteAsync(string domain)
    {
        var user = domain.Replace(".", "-", StringComparison.Ordinal);
        var (exit, output) = await ClpctlAsync("site:add:static", $"--domainName={domain}", $"--siteUser={user}", "--siteUserPassword=aaaaaaaaaaaaaaaa1");
        Assert.True(exit == 0, output);
    }

    private async Task<string> InspectAsync(string domain, TimeSpan validFor, int expectedExit = 0)
    {
        var (exit, output) = await RunAsync(
            "openssl", "x509", "-in", CertificatePath(domain), "-noout", "-issuer", "-subject", "-ext", "subjectAltName", "-checkend", ((long)validFor.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == expectedExit, output);
        return output;
    }

    private Task<(int ExitCode, string Output)> ClpctlAsync(params string[] args) => RunAsync(_clpctl.CommandPath, args);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TestBounds.RealWork);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
