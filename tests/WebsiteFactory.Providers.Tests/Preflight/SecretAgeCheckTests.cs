using System.Globalization;
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

    private async Task<IReadOnlyList<PreflightCheckResult>> ProbeAsync(TimeProvider clock)
    {
        var options = new PreflightOptions();
        var check = new SecretAgeCheck(_store, _cloudflare, _registrars, _servers, _gsc, options, clock);
        var report = await new PreflightRunner([check], options, TimeProvider.System, NullLogger<PreflightRunner>.Instance).RunAsync();
        return report.Checks;
    }
}
