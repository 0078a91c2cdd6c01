using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Providers.Preflight;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Providers.Tests.Vendors;
using WebsiteFactory.Simulators.SearchConsole;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>
/// <c>google-credentials</c> against the Search Console simulator: working credentials pass and count the properties; a
/// revoked refresh token and a missing secret warn (Search Console is optional) with a fix, and never show the secret.
/// </summary>
public sealed class GoogleCredentialsCheckTests : IAsyncLifetime
{
    private const string User = "owner@example.com";
    private const string RefreshToken = "refresh-token-value";
    private readonly DictionarySecretStore _secrets = new();
    private readonly IGscAccountRepository _accounts = Substitute.For<IGscAccountRepository>();
    private SearchConsoleSimulator _sim = null!;
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sim = new SearchConsoleSimulator();
        _sim.AddAccount("client-1", "client-secret-value", RefreshToken, User);
        _sim.SeedProperty(User, "sc-domain:one.com", new DateOnly(2026, 1, 1));
        _sim.SeedProperty(User, "sc-domain:two.com", new DateOnly(2026, 1, 1));
        _server = await LoopbackServer.StartAsync(app => _sim.Map(app, "/google"));
        await _secrets.SetAsync("gsc-client-secret", "client-secret-value");
        await _secrets.SetAsync("gsc-refresh-token", RefreshToken);
        _accounts.ListAsync(Arg.Any<CancellationToken>()).Returns([new GscAccount
        {
            Id = Guid.NewGuid(), Email = User, AccountNickname = "main", OAuthClientId = "client-1",
            OAuthClientSecretName = SecretName.Parse("gsc-client-secret", CultureInfo.InvariantCulture),
            CredentialsSecretName = SecretName.Parse("gsc-refresh-token", CultureInfo.InvariantCulture),
        }]);
        var b = _server.BaseAddress;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:SearchConsole:TokenUrl"] = new Uri(b, "google/token").ToString(),
            ["Content:SearchConsole:SiteVerificationBaseUrl"] = new Uri(b, "google/siteVerification/v1/").ToString(),
            ["Content:SearchConsole:SearchConsoleBaseUrl"] = new Uri(b, "google/webmasters/v3/").ToString(),
            ["Content:SearchConsole:MaxBudgetWait"] = "00:00:00",
        }).Build();
        _services = new ServiceCollection().AddLogging()
            .AddSingleton<ISecretStore>(_secrets)
            .AddSingleton<IRateBudget>(new InMemoryRateBudget(TimeProvider.System))
            .AddContentProviders(config).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Probe_WorkingCredentials_PassesCountingProperties()
    {
        var row = await RunAsync();

        Assert.Equal(PreflightStatus.Pass, row.Status);
        Assert.Contains("sees 2 Search Console properties", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_RefreshTokenRevoked_WarnsWithFix()
    {
        _sim.RevokeRefreshToken(RefreshToken);

        var row = await RunAsync();

        Assert.Equal(PreflightStatus.Warn, row.Status);
        Assert.Contains("Google refused the credentials", row.Message, StringComparison.Ordinal);
        Assert.Contains("store it", row.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(RefreshToken, row.Message + row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_CredentialsSecretMissing_WarnsNamingIt()
    {
        await _secrets.DeleteAsync("gsc-refresh-token");

        var row = await RunAsync();

        Assert.Equal(PreflightStatus.Warn, row.Status);
        Assert.Contains("'gsc-refresh-token' is missing", row.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(row.Fix));
    }

    private async Task<PreflightOutcome> RunAsync()
    {
        var check = new GoogleCredentialsCheck(_services.GetRequiredService<ISearchConsole>(), _accounts);
        var probe = Assert.Single(await check.ProbesAsync(CancellationToken.None));
        Assert.Equal(GoogleCredentialsCheck.Name, probe.Name);
        return await probe.Run(CancellationToken.None);
    }
}
