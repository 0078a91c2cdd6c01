using System.Globalization;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Data.Secrets;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>The secret-age check on the real local secret store: its write time against <see cref="PreflightOptions.SecretMaxAge"/>.</summary>
public sealed class SecretAgeCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wf-preflight-secrets-").FullName;
    private readonly LocalSecretStore _store;
    private readonly ICloudflareAccountRepository _cloudflare = Substitute.For<ICloudflareAccountRepository>();
    private readonly IRegistrarAccountRepository _registrars = Substitute.For<IRegistrarAccountRepository>();
    private readonly IHostingServerRepository _servers = Substitute.For<IHostingServerRepository>();
    private readonly IGscAccountRepository _gsc = Substitute.For<IGscAccountRepository>();

    public SecretAgeCheckTests()
    {
        _store = new LocalSecretStore(_dir);
        _cloudflare.ListAsync(Arg.Any<CancellationToken>()).Returns([new CloudflareAccount
        {
            Id = Guid.NewGuid(), Email = "a@example.com", AccountNickname = "main", CloudflareAccountId = $"{1:x32}",
            ApiTokenSecretName = SecretName.Parse("cf-main-token", CultureInfo.InvariantCulture),
        }]);
        _registrars.ListAsync(Arg.Any<CancellationToken>()).Returns([]);
        _servers.ListAsync(Arg.Any<CancellationToken>()).Returns([]);
        _gsc.ListAsync(Arg.Any<CancellationToken>()).Returns([]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(91, PreflightStatus.Warn)]
    [InlineData(89, PreflightStatus.Pass)]
    public async Task Probe_SecretWrittenDaysAgo_WarnsOnlyPastTheMaxAge(int days, PreflightStatus expected)
    {
        await _store.SetAsync("cf-main-token", "value");
        var written = await _store.GetLastWrittenAsync("cf-main-token");
        Assert.NotNull(written);
        var clock = new FakeTimeProvider(written.Value.AddDays(days));

        var row = Assert.Single(await ProbeAsync(clock));

        Assert.Equal(("secret-age", "cloudflare:main", expected), (row.Name, row.Target, row.Result));
        Assert.Contains($"{days} days ago", row.Message, StringComparison.Ordinal);
        Assert.Equal(expected == PreflightStatus.Warn, row.Fix.Contains("Rotate it", StringComparison.Ordinal));
        Assert.DoesNotContain("value", row.Message + row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SecretMissing_Fails()
    {
        var row = Assert.Single(await ProbeAsync(new FakeTimeProvider(DateTimeOffset.UtcNow)));

        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("cf-main-token", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_KeyVaultLatestEnabledVersionPastMaxAge_Warns_DisabledNewerVersionIgnored()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var client = Substitute.For<SecretClient>();
        client.GetPropertiesOfSecretVersionsAsync("cf-main-token", Arg.Any<CancellationToken>()).Returns(Versions(
            Version("v1", created: now.AddDays(-200), updated: null, enabled: true),
            Version("v2", created: now.AddDays(-120), updated: now.AddDays(-100), enabled: true),
            Version("v3", created: now.AddDays(-2), updated: null, enabled: false))); // a disabled version is not in use

        var row = Assert.Single(await ProbeAsync(new FakeTimeProvider(now), new KeyVaultSecretStore(client)));

        Assert.Equal(PreflightStatus.Warn, row.Result);
        Assert.Contains("100 days ago (limit 90)", row.Message, StringComparison.Ordinal);
        Assert.Contains("Rotate it", row.Fix, StringComparison.Ordinal);
        _ = client.DidNotReceiveWithAnyArgs().GetSecretAsync(default!, default, default);
    }

    [Fact]
    public async Task Probe_KeyVaultSecretMissing_Fails()
    {
        var client = Substitute.For<SecretClient>();
        client.GetPropertiesOfSecretVersionsAsync("cf-main-token", Arg.Any<CancellationToken>())
            .Returns(_ => throw new RequestFailedException(404, "SecretNotFound"));

        var row = Assert.Single(await ProbeAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), new KeyVaultSecretStore(client)));

        Assert.Equal(PreflightStatus.Fail, row.Result);
        Assert.Contains("'cf-main-token' does not exist", row.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault", row.Fix, StringComparison.Ordinal);
    }

    private static AsyncPageable<SecretProperties> Versions(params SecretProperties[] versions) =>
        AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions, continuationToken: null, Substitute.For<Response>())]);

    private static SecretProperties Version(string version, DateTimeOffset created, DateTimeOffset? updated, bool enabled)
    {
        var p = SecretModelFactory.SecretProperties(
            id: new Uri($"https://vault.example/secrets/cf-main-token/{version}"), vaultUri: new Uri("https://vault.example/"), name: "cf-main-token", version: version,
            createdOn: created, updatedOn: updated);
        p.Enabled = enabled;
        return p;
    }

    private async Task<IReadOnlyList<PreflightCheckResult>> ProbeAsync(TimeProvider clock, Core.Ports.ISecretStore? store = null)
    {
        var options = new PreflightOptions();
        var check = new SecretAgeCheck(store ?? _store, _cloudflare, _registrars, _servers, _gsc, options, clock);
        var report = await new PreflightRunner([check], options, TimeProvider.System, NullLogger<PreflightRunner>.Instance).RunAsync();
        return report.Checks;
    }
}
