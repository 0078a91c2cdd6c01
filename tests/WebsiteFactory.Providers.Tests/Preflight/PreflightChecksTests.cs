using System.Globalization;
using System.Net;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Preflight;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>
/// Pre-flight against the simulators and a real sshd: a clean set-up passes every check, and each misconfiguration the
/// simulators can stage fails (or warns) the one check that owns it, with a fix that names what to change.
/// </summary>
public sealed class PreflightChecksTests(SshdFixture fixture) : IClassFixture<SshdFixture>, IAsyncLifetime
{
    private PreflightHarness _h = null!;

    public async Task InitializeAsync() => _h = await PreflightHarness.StartAsync(fixture.Server);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Run_EverythingConfigured_EveryCheckPasses()
    {
        var report = await _h.RunAsync();

        var expected = new[]
        {
            (CloudflareTokenCheck.Name, "cloudflare:cf1"), (CloudflareTokenCheck.Name, "cloudflare:cf2"),
            (CloudflareZoneQuotaCheck.Name, "cloudflare:cf1"), (CloudflareZoneQuotaCheck.Name, "cloudflare:cf2"),
            (NamecheapAccessCheck.Name, "namecheap:nc"), (SpaceshipKeyCheck.Name, "spaceship:ss"),
            (ServerSshCheck.Name, "server:web-1"), (ServerDiskCheck.Name, "server:web-1"), (MatomoTokenCheck.Name, "matomo"),
        };
        Assert.Equal(expected.Order(), report.Checks.Select(c => (c.Name, c.Target)).Order());
        Assert.All(report.Checks, c => Assert.True(c.Result == PreflightStatus.Pass, $"{c.Name} {c.Target}: {c.Result} {c.Message}"));
        Assert.All(report.Checks, c => Assert.Empty(c.Fix));
        Assert.False(report.HasFailures);
    }

    [Fact]
    public async Task CloudflareToken_ScopeWithoutEditRights_FailsNamingTheMissingPermissions()
    {
        _h.Host.Simulators.State.Cloudflare.SetTokenPermissions("sim-cf-token-1", "Zone Read", "DNS Read", "API Tokens Read");

        var report = await _h.RunAsync();

        var row = Row(report, CloudflareTokenCheck.Name, "cloudflare:cf1");
        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("Zone:Edit and DNS:Edit", row.Message, StringComparison.Ordinal);
        Assert.Contains("DNS Read", row.Message, StringComparison.Ordinal);
        Assert.Contains("add Zone:Edit and DNS:Edit", row.Fix, StringComparison.Ordinal);
        Assert.Equal(PreflightStatus.Pass, Row(report, CloudflareTokenCheck.Name, "cloudflare:cf2").Result);
        Assert.Equal([row], report.FailuresFor(new HashSet<string> { "cloudflare:cf1" }));
    }

    [Fact]
    public async Task CloudflareToken_CannotReadItsOwnPolicies_Warns()
    {
        _h.Host.Simulators.State.Cloudflare.SetTokenPermissions("sim-cf-token-2", "Zone Write", "DNS Write");

        var row = Row(await _h.RunAsync(), CloudflareTokenCheck.Name, "cloudflare:cf2");

        Assert.Equal(PreflightStatus.Warn, row.Result);
        Assert.Contains("API Tokens Read", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudflareToken_UnknownToken_Fails()
    {
        await _h.Host.Secrets.SetAsync("cf-token-2", "revoked-token");

        var row = Row(await _h.RunAsync(), CloudflareTokenCheck.Name, "cloudflare:cf2");

        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("9109", row.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-token", row.Message + row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namecheap_ClientIpNotAllowListed_FailsNamingTheAddressNamecheapSaw()
    {
        _h.RegistrarAccounts[0] = _h.Host.Namecheap with { ClientIp = IPAddress.Parse("203.0.113.9") };

        var row = Row(await _h.RunAsync(), NamecheapAccessCheck.Name, "namecheap:nc");

        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("1011150", row.Message, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", row.Message, StringComparison.Ordinal);
        Assert.Contains("Add 127.0.0.1 under Profile > Tools > API Access > Whitelisted IPs", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spaceship_WrongSecret_Fails()
    {
        await _h.Host.Secrets.SetAsync("ss-secret", "not-the-secret");

        var row = Row(await _h.RunAsync(), SpaceshipKeyCheck.Name, "spaceship:ss");

        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("401", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerSsh_WrongPinnedHostKey_FailsNamingBothFingerprints()
    {
        var wrong = SshHostKeyFingerprint.Parse("SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='), CultureInfo.InvariantCulture);
        _h.Servers[0] = _h.Server with { HostKeyFingerprint = wrong };

        var report = await _h.RunAsync();

        var row = Row(report, ServerSshCheck.Name, "server:web-1");
        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains(wrong.ToString(), row.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Server.HostKeyFingerprintSha256, row.Message, StringComparison.Ordinal);
        Assert.Contains("host_key_fingerprint", row.Fix, StringComparison.Ordinal);
        // The disk check does not fail the same outage twice.
        Assert.Equal(PreflightStatus.Warn, Row(report, ServerDiskCheck.Name, "server:web-1").Result);
    }

    [Theory]
    [InlineData(97, PreflightStatus.Fail)]
    [InlineData(85, PreflightStatus.Warn)]
    [InlineData(79, PreflightStatus.Pass)]
    public async Task ServerDisk_UsageAgainstThresholds_FailsWarnsOrPasses(int percent, PreflightStatus expected)
    {
        _h.Df.SetUsage(percent);

        var row = Row(await _h.RunAsync(), ServerDiskCheck.Name, "server:web-1");

        Assert.Equal(expected, row.Result);
        Assert.Contains($"{percent}% full", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EveryVendorAnswers503_WarnsButNothingFails()
    {
        // Transient vendor trouble is not a misconfiguration: it must not block a batch (the steps retry it).
        await using var faulty = await PreflightHarness.StartAsync(fixture.Server, new WebsiteFactory.Simulators.SimulatorOptions { Failures = { ServerErrorRate = 1.0 } });

        var report = await faulty.RunAsync();

        Assert.False(report.HasFailures, string.Join("; ", report.FailuresFor(null).Select(f => $"{f.Name} {f.Target}: {f.Message}")));
        Assert.All(report.Checks.Where(c => !c.Name.StartsWith("server-", StringComparison.Ordinal)), c => Assert.Equal(PreflightStatus.Warn, c.Result));
        Assert.Equal(PreflightStatus.Pass, Row(report, ServerSshCheck.Name, "server:web-1").Result);
    }

    private static PreflightCheckResult Row(PreflightReport report, string name, string target) =>
        Assert.Single(report.Checks, c => c.Name == name && c.Target == target);
}
