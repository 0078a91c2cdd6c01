using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.CloudPanel;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Providers.Tests.Provisioning;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>CloudPanel adapter against a real sshd on loopback running the clpctl stand-in.</summary>
public sealed partial class CloudPanelClientTests : IClassFixture<SshdFixture>, IAsyncLifetime
{
    private readonly LoopbackSshServer _sshd;
    private readonly DictionarySecretStore _secrets = new();
    private readonly InMemoryRateBudget _budget = new(TimeProvider.System);
    private readonly CapturingLoggerProvider _logs = new();
    private ClpctlStandIn _clpctl = null!;
    private CloudPanelClient _client = null!;
    private HostingServer _server = null!;

    public CloudPanelClientTests(SshdFixture fixture) => _sshd = fixture.Server;

    public async Task InitializeAsync()
    {
        _clpctl = ClpctlStandIn.Install(_sshd);
        await _secrets.SetAsync("ssh-key", _sshd.ClientPrivateKey);
        await _secrets.SetAsync("site-pw", SitePassword.Generate());
        _server = new HostingServer
        {
            Id = Guid.NewGuid(), Name = "test-sshd", Address = _sshd.Host, SshPort = _sshd.Port, SshUser = _sshd.UserName,
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture), HostKeyFingerprint = SshHostKeyFingerprint.Parse(_sshd.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        };
        _client = CreateClient();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The adapter configured like the demo: clpctl, homes and certificates of the stand-in.</summary>
    internal static CloudPanelClient CreateClient(ClpctlStandIn clpctl, ISecretStore secrets, IRateBudget budget, ILoggerProvider logs) => new(
        new SshConnector(secrets), secrets, budget,
        Options.Create(new CloudPanelOptions { ClpctlCommand = clpctl.CommandPath, HomeDirectory = clpctl.HomeDirectory, CertificateDirectory = clpctl.CertificateDirectory }),
        new LoggerFactory([logs]).CreateLogger<CloudPanelClient>(), TestVendorMetrics.Create());

    private CloudPanelClient CreateClient() => CreateClient(_clpctl, _secrets, _budget, _logs);

    [Fact]
    public async Task EnsureStaticSite_TwiceThenCertificate_CreatesOnceAndIsIdempotent()
    {
        var domain = DomainName.Parse("static-site.com", CultureInfo.InvariantCulture);
        var user = SiteUser.FromDomain(domain);
        var first = await _client.EnsureStaticSiteAsync(_server, domain, user, "site-pw");
        var second = await _client.EnsureStaticSiteAsync(_server, domain, user, "site-pw");
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal($"{_clpctl.HomeDirectory}/{user.Value}/htdocs/static-site.com", first.DocRoot);
        Assert.True(Directory.Exists(first.DocRoot));
        Assert.Single(_clpctl.Calls, c => c.StartsWith("site:add:static", StringComparison.Ordinal));
        Assert.Contains("--siteUserPassword=***", _clpctl.Calls.Single(), StringComparison.Ordinal);

        await _client.InstallCertificateAsync(_server, domain);
        Assert.Equal(["static-site.com"], _clpctl.Certificates);
    }

    [Fact]
    public async Task EnsureStaticSite_DomainHeldByAnotherUser_FailsPermanently()
    {
        var domain = DomainName.Parse("taken-site.com", CultureInfo.InvariantCulture);
        await _client.EnsureStaticSiteAsync(_server, domain, SiteUser.Parse("owner-one"), "site-pw");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _client.EnsureStaticSiteAsync(_server, domain, SiteUser.Parse("owner-two"), "site-pw"));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Contains("already", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallCertificate_ValidationFailures_CountedAndPostponedBeforeTheLimit()
    {
        var domain = DomainName.Parse("le-fail.com", CultureInfo.InvariantCulture);
        await _client.EnsureStaticSiteAsync(_server, domain, SiteUser.FromDomain(domain), "site-pw");
        _clpctl.FailCertificateFor("le-fail.com");
        for (var i = 0; i < 4; i++)
        {
            var e = await Assert.ThrowsAsync<ProviderException>(() => _client.InstallCertificateAsync(_server, domain));
            Assert.Equal(ProviderErrorKind.Transient, e.Kind);
        }

        var calls = _clpctl.Calls.Count;
        var postponed = await Assert.ThrowsAsync<ProviderException>(() => _client.InstallCertificateAsync(_server, domain));
        Assert.Equal(ProviderErrorKind.RateLimited, postponed.Kind);
        Assert.Equal(calls, _clpctl.Calls.Count); // the fifth attempt never reached the server
    }

    [Theory]
    [InlineData("x'; touch /tmp/wf-pwned; echo '")]
    [InlineData("$(id)aaaaaaaaaaaaaaaaaaa")]
    [InlineData("line\nbreakaaaaaaaaaaaaaaa")]
    [InlineData("short")]
    public async Task EnsureStaticSite_UnsafePasswordInStore_RejectedBeforeSsh(string password)
    {
        await _secrets.SetAsync("bad-pw", password);
        var domain = DomainName.Parse("inject.com", CultureInfo.InvariantCulture);
        var e = await Assert.ThrowsAsync<ProviderException>(() => _client.EnsureStaticSiteAsync(_server, domain, SiteUser.FromDomain(domain), "bad-pw"));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.DoesNotContain(password, e.Message, StringComparison.Ordinal);
        Assert.Empty(_clpctl.Calls);
    }

    [Theory]
    [InlineData("a.com;rm -rf /")]
    [InlineData("$(id).com")]
    [InlineData("a.com' --siteUser='root")]
    [InlineData("a.com\nid")]
    [InlineData("`id`.com")]
    public void HostileDomains_CannotBecomeDomainNames(string input) =>
        Assert.False(DomainName.TryParse(input, out _, out _));

    [Theory]
    [InlineData("root;id")]
    [InlineData("$(id)")]
    [InlineData("Admin")]
    [InlineData("a b")]
    public void HostileSiteUsers_AreRejected(string input) => Assert.False(SiteUser.TryParse(input, out _));

    [Fact]
    public async Task ShellQuote_HostileStrings_ArriveVerbatimThroughRealSsh()
    {
        string[] hostile = ["a.com;rm -rf /", "$(id)", "`id`", "it's \"quoted\"", "line1\nline2", "*", "--force", "\\n $HOME"];
        using var ssh = await new SshConnector(_secrets).ConnectAsync(_server, TestBounds.RealWork, CancellationToken.None);
        foreach (var s in hostile)
        {
            using var cmd = ssh.CreateCommand($"printf %s {ShellQuote.Quote(s)}");
            await cmd.ExecuteAsync();
            Assert.Equal(s, cmd.Result);
        }
    }

    [Fact]
    public async Task WrongHostKey_RefusesToConnectAndRunsNothing()
    {
        var wrong = _server with { HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='), CultureInfo.InvariantCulture) };
        var domain = DomainName.Parse("pinned.com", CultureInfo.InvariantCulture);
        var e = await Assert.ThrowsAsync<ProviderException>(() => _client.EnsureStaticSiteAsync(wrong, domain, SiteUser.FromDomain(domain), "site-pw"));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Contains("does not match the pinned fingerprint", e.Message, StringComparison.Ordinal);
        Assert.Empty(_clpctl.Calls);
    }

    [Fact]
    public async Task DeleteSite_ThenAgain_BothSucceed_CertificateGoesWithIt()
    {
        var domain = DomainName.Parse("gone.com", CultureInfo.InvariantCulture);
        await _client.EnsureStaticSiteAsync(_server, domain, SiteUser.FromDomain(domain), "site-pw");
        await _client.InstallCertificateAsync(_server, domain);
        Assert.Single(_clpctl.Certificates);
        await _client.DeleteSiteAsync(_server, domain);
        await _client.DeleteSiteAsync(_server, domain);
        Assert.Empty(_clpctl.Sites);
        Assert.Empty(_clpctl.Certificates);
    }
}
