using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.CloudPanel;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Providers.Tests.Provisioning;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>
/// The server console against a real sshd on loopback: the clpctl stand-in for sites and certificates, the systemctl and
/// nginx stand-ins for units and reloads, and the machine's own /proc, df, openssl, tail and grep.
/// </summary>
public sealed class ServerConsoleClientTests : IClassFixture<SshdFixture>, IAsyncLifetime
{
    private readonly LoopbackSshServer _sshd;
    private readonly DictionarySecretStore _secrets = new();
    private ClpctlStandIn _clpctl = null!;
    private ServerToolsStandIn _tools = null!;
    private CloudPanelClient _cloudPanel = null!;
    private ServerConsoleClient _console = null!;
    private HostingServer _server = null!;

    public ServerConsoleClientTests(SshdFixture fixture) => _sshd = fixture.Server;

    public async Task InitializeAsync()
    {
        _clpctl = ClpctlStandIn.Install(_sshd);
        _tools = ServerToolsStandIn.Install(_sshd);
        await _secrets.SetAsync("ssh-key", _sshd.ClientPrivateKey);
        await _secrets.SetAsync("site-pw", SitePassword.Generate());
        _server = new HostingServer
        {
            Id = Guid.NewGuid(), Name = "console-sshd", Address = _sshd.Host, SshPort = _sshd.Port, SshUser = _sshd.UserName,
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture), HostKeyFingerprint = SshHostKeyFingerprint.Parse(_sshd.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        };
        _cloudPanel = CloudPanelClientTests.CreateClient(_clpctl, _secrets, new InMemoryRateBudget(TimeProvider.System), new CapturingLoggerProvider());
        _console = Create(_clpctl, _tools, _cloudPanel, _secrets);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The console configured for the stand-ins.</summary>
    internal static ServerConsoleClient Create(ClpctlStandIn clpctl, ServerToolsStandIn tools, ICloudPanelClient cloudPanel, Core.Ports.ISecretStore secrets) => new(
        new SshConnector(secrets), cloudPanel,
        Options.Create(new CloudPanelOptions { ClpctlCommand = clpctl.CommandPath, HomeDirectory = clpctl.HomeDirectory, CertificateDirectory = clpctl.CertificateDirectory }),
        Options.Create(new ServerConsoleOptions { SystemctlCommand = tools.SystemctlPath, NginxCommand = tools.NginxPath }),
        NullLogger<ServerConsoleClient>.Instance);

    [Fact]
    public async Task GetHealth_StandInUnits_ReportsEachUnitAndTheMachinesLoadAndMemory()
    {
        _tools.SetUnit("php8.3-fpm", "failed", "failed");

        var health = await _console.GetHealthAsync(_server);

        Assert.Equal(["nginx", "php8.3-fpm", "mysql", "varnish"], health.Services.Select(s => s.Name));
        Assert.True(health.Services[0].Running);
        Assert.Equal(("failed", false), (health.Services[1].ActiveState, health.Services[1].Running));
        Assert.False(health.Services[3].Installed);
        Assert.True(health.MemoryTotalBytes > 0 && health.MemoryAvailableBytes > 0 && health.MemoryAvailableBytes <= health.MemoryTotalBytes);
        Assert.True(health.Load1 >= 0 && health.UptimeSeconds > 0);
    }

    [Fact]
    public async Task GetDiskUsage_DefaultPaths_ReportsTheRootFileSystemInBytes()
    {
        var disks = await _console.GetDiskUsageAsync(_server);

        var root = Assert.Single(disks, d => d.Mount == "/");
        Assert.True(root.SizeBytes > 0 && root.UsedBytes > 0 && root.UsedPercent is > 0 and <= 100);
        Assert.Equal(disks.Count, disks.Select(d => d.Mount).Distinct().Count());
    }

    [Fact]
    public async Task GetCertificates_SelfSignedAndIssued_ReportsEachExpiryAndIssuer()
    {
        var selfSigned = DomainName.Parse("console-self.com", CultureInfo.InvariantCulture);
        var issued = DomainName.Parse("console-issued.com", CultureInfo.InvariantCulture);
        await _cloudPanel.EnsureStaticSiteAsync(_server, selfSigned, SiteUser.FromDomain(selfSigned), "site-pw");
        await _cloudPanel.EnsureStaticSiteAsync(_server, issued, SiteUser.FromDomain(issued), "site-pw");
        _clpctl.SetCertificateValidity(10);
        await _cloudPanel.InstallCertificateAsync(_server, issued);

        var certs = await _console.GetCertificatesAsync(_server);

        Assert.Equal(["console-issued.com", "console-self.com"], certs.Select(c => c.Domain));
        var now = DateTimeOffset.UtcNow;
        Assert.InRange(certs[0].DaysLeft(now)!.Value, 8, 10);
        Assert.Contains("R11", certs[0].Issuer, StringComparison.Ordinal);
        Assert.True(certs[1].DaysLeft(now) > 3000);
        Assert.All(certs, c => Assert.Null(c.Problem));
    }

    [Fact]
    public async Task TailLog_FilterWithShellSyntax_MatchesLiterallyAndRunsNothing()
    {
        var domain = DomainName.Parse("console-logs.com", CultureInfo.InvariantCulture);
        var user = SiteUser.FromDomain(domain);
        await _cloudPanel.EnsureStaticSiteAsync(_server, domain, user, "site-pw");
        var canary = Path.Combine(_sshd.RootDirectory, "pwned-" + Guid.NewGuid().ToString("N")[..6]);
        var hostile = $"'; touch {canary}; echo '$(touch {canary})";
        var log = _console.LogPath(user, SiteLogKind.Access);
        await File.WriteAllLinesAsync(log, [
            "1.1.1.1 - - \"GET / HTTP/1.1\" 200",
            $"2.2.2.2 - - \"GET /?q={hostile} HTTP/1.1\" 404",
            "3.3.3.3 - - \"GET /Search HTTP/1.1\" 200 \u001b[31mred",
            "4.4.4.4 - - \"GET /search HTTP/1.1\" 200",
            "5.5.5.5 - - \"GET /about HTTP/1.1\" 200",
        ]);

        var all = await _console.TailLogAsync(_server, Query(user, SiteLogKind.Access, 2, null));
        var search = await _console.TailLogAsync(_server, Query(user, SiteLogKind.Access, 100, "/search"));
        var shell = await _console.TailLogAsync(_server, Query(user, SiteLogKind.Access, 100, hostile));
        var dash = await _console.TailLogAsync(_server, Query(user, SiteLogKind.Access, 100, "-v"));

        Assert.Equal(["4.4.4.4 - - \"GET /search HTTP/1.1\" 200", "5.5.5.5 - - \"GET /about HTTP/1.1\" 200"], all.Lines);
        Assert.Equal(2, search.Lines.Count); // case-insensitive: /Search and /search
        Assert.Contains('\uFFFD', search.Lines[0]);
        Assert.DoesNotContain('\u001b', search.Lines[0]);
        Assert.StartsWith("2.2.2.2", Assert.Single(shell.Lines), StringComparison.Ordinal);
        Assert.Empty(dash.Lines);
        Assert.False(File.Exists(canary));
    }

    [Fact]
    public async Task TailLog_NoLogFile_IsNotFoundRatherThanAnError()
    {
        var tail = await _console.TailLogAsync(_server, Query(SiteUser.Parse("nobody-here"), SiteLogKind.Error, 10, null));

        Assert.False(tail.Found);
        Assert.Empty(tail.Lines);
        Assert.EndsWith("/nobody-here/logs/nginx/error.log", tail.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAction_ReloadNginx_TestsTheConfigurationFirstAndReloadsOnlyWhenValid()
    {
        _tools.SetNginxConfigBroken(true);
        var refused = await _console.RunActionAsync(_server, ServerAction.ReloadNginx, null);
        Assert.False(refused.Succeeded);
        Assert.Contains("test failed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_tools.Calls, c => c.StartsWith("systemctl reload", StringComparison.Ordinal));

        _tools.SetNginxConfigBroken(false);
        var done = await _console.RunActionAsync(_server, ServerAction.ReloadNginx, null);
        Assert.True(done.Succeeded, done.Message);
        Assert.Equal(["nginx -t", "nginx -t", "systemctl reload nginx"], _tools.Calls);
    }

    [Fact]
    public async Task RunAction_RenewCertificate_InstallsThroughClpctlAndReportsTheNewExpiry()
    {
        var domain = DomainName.Parse("console-renew.com", CultureInfo.InvariantCulture);
        await _cloudPanel.EnsureStaticSiteAsync(_server, domain, SiteUser.FromDomain(domain), "site-pw");

        var result = await _console.RunActionAsync(_server, ServerAction.RenewCertificate, domain);
        var unknown = await _console.RunActionAsync(_server, ServerAction.RenewCertificate, DomainName.Parse("not-on-this-server.com", CultureInfo.InvariantCulture));

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("valid until", result.Message, StringComparison.Ordinal);
        Assert.Contains("lets-encrypt:install:certificate --domainName=console-renew.com", _clpctl.Calls);
        Assert.False(unknown.Succeeded);
        Assert.Contains("no site", unknown.Message, StringComparison.Ordinal);
    }

    private static SiteLogQuery Query(SiteUser user, SiteLogKind kind, int lines, string? filter) =>
        SiteLogQuery.TryCreate(user, kind, lines, filter, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
}
