using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Simulators.SearchConsole;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Providers.Tests.SearchConsole;

public sealed class GoogleSearchConsoleClientTests : IAsyncLifetime
{
    private const string User = "owner@example.com";
    private static readonly DomainName Domain = DomainName.Parse("gsc-test.com", CultureInfo.InvariantCulture);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 20, 6, 0, 0, TimeSpan.Zero));
    private readonly SearchConsoleSimulatorOptions _simOptions = new() { VerificationDelay = TimeSpan.FromMinutes(2), QueriesPerMinutePerUser = 3 };
    private SearchConsoleSimulator _sim = null!;
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;

    private static GscAccount Account => new()
    {
        Id = Guid.Parse("9c5c0000-0000-4000-8000-000000000001"),
        Email = User,
        AccountNickname = "main",
        OAuthClientId = "client-1",
        OAuthClientSecretName = SecretName.Parse("gsc-client-secret", CultureInfo.InvariantCulture),
        CredentialsSecretName = SecretName.Parse("gsc-refresh-token", CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        _sim = new SearchConsoleSimulator(_simOptions, _clock);
        _sim.AddAccount("client-1", "client-secret-value", "refresh-token-value", User);
        _server = await LoopbackServer.StartAsync(app => _sim.Map(app, "/google"));
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("gsc-client-secret", Arg.Any<CancellationToken>()).Returns("client-secret-value");
        secrets.GetAsync("gsc-refresh-token", Arg.Any<CancellationToken>()).Returns("refresh-token-value");
        var b = _server.BaseAddress;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:SearchConsole:TokenUrl"] = new Uri(b, "google/token").ToString(),
            ["Content:SearchConsole:SiteVerificationBaseUrl"] = new Uri(b, "google/siteVerification/v1/").ToString(),
            ["Content:SearchConsole:SearchConsoleBaseUrl"] = new Uri(b, "google/webmasters/v3/").ToString(),
            ["Content:SearchConsole:MaxBudgetWait"] = "00:00:00",
        }).Build();
        _services = new ServiceCollection().AddLogging()
            .AddSingleton(secrets)
            // The client runs on the real clock (Polly's timers too); only the simulator's propagation delay is faked.
            .AddSingleton<IRateBudget>(new InMemoryRateBudget(TimeProvider.System))
            .AddContentProviders(config).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ISearchConsole Client => _services.GetRequiredService<ISearchConsole>();

    [Fact]
    public async Task Verification_TokenPublishedAfterPropagationDelay_VerifiesAndAddsProperty()
    {
        var token = await Client.GetDnsTxtTokenAsync(Account, Domain);
        Assert.StartsWith("google-site-verification=", token, StringComparison.Ordinal);
        Assert.Equal(DomainVerificationResult.TokenNotFound, await Client.VerifyDomainAsync(Account, Domain));

        _sim.PublishTxt("gsc-test.com", token);
        Assert.Equal(DomainVerificationResult.TokenNotFound, await Client.VerifyDomainAsync(Account, Domain));
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(DomainVerificationResult.Verified, await Client.VerifyDomainAsync(Account, Domain));

        await Client.AddDomainPropertyAsync(Account, Domain);
        await Client.AddDomainPropertyAsync(Account, Domain);
        Assert.True(_sim.HasProperty(User, "sc-domain:gsc-test.com"));
    }

    [Fact]
    public async Task RemoveDomainProperty_Existing_RemovedThenAlreadyGone()
    {
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 1));
        _sim.SeedProperty(User, "sc-domain:other.com", new DateOnly(2026, 5, 1));

        Assert.True(await Client.RemoveDomainPropertyAsync(Account, Domain));
        Assert.False(_sim.HasProperty(User, "sc-domain:gsc-test.com"));
        Assert.True(_sim.HasProperty(User, "sc-domain:other.com"));

        // Google's 404 for a property that is not there is "already gone", not an error.
        Assert.False(await Client.RemoveDomainPropertyAsync(Account, Domain));
        Assert.Equal(1, _sim.DeletedProperties);
    }

    [Fact]
    public async Task AccessToken_ManyClientsAtOnce_OneRefreshForTheAccount()
    {
        // The typed client is created per activity; the nightly fan-out must not refresh a token per site.
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 1));
        var clients = Enumerable.Range(0, 3).Select(_ => Client).ToList();
        Assert.Equal(3, clients.Distinct().Count());

        await Task.WhenAll(clients.Select(c => c.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11))));

        Assert.Equal(1, _sim.TokenRequests);
    }

    [Fact]
    public async Task CachedAccessTokenRejected_RefreshesOnceAndSucceeds()
    {
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 1));
        await Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11));
        _sim.ExpireAccessTokens(); // the cached token is now refused with 401

        var days = await Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11));

        Assert.Equal(2, days.Count);
        Assert.Equal(2, _sim.TokenRequests);
    }

    [Fact]
    public async Task AddDomainPropertyAsync_NotVerified_FailsPermanent()
    {
        var ex = await Assert.ThrowsAsync<ProviderException>(() => Client.AddDomainPropertyAsync(Account, Domain));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("forbidden", ex.VendorCode);
    }

    [Fact]
    public async Task QueryDailyAsync_PropertyWithData_ReturnsDeterministicDaysUpToDataDelay()
    {
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 1));

        var days = await Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 20));

        // Today is 2026-05-20; with a 2-day delay the last day with data is 2026-05-17.
        Assert.Equal(8, days.Count);
        Assert.Equal(new DateOnly(2026, 5, 17), days[^1].Date);
        var expected = SearchConsoleSimulator.FiguresFor("sc-domain:gsc-test.com", new DateOnly(2026, 5, 10));
        Assert.Equal(expected.Clicks, days[0].Clicks);
        Assert.Equal(expected.Impressions, days[0].Impressions);
    }

    [Fact]
    public async Task QueryDailyAsync_NewPropertyWithoutRows_ReturnsEmpty()
    {
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 19));

        var days = await Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 16));

        Assert.Empty(days);
    }

    [Fact]
    public async Task QueryDailyAsync_OverQuota_FailsRateLimitedWithRetryAfter()
    {
        _sim.SeedProperty(User, "sc-domain:gsc-test.com", new DateOnly(2026, 5, 1));
        for (var i = 0; i < 3; i++)
        {
            await Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11));
        }

        var ex = await Assert.ThrowsAsync<ProviderException>(() => Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11)));

        Assert.Equal(ProviderErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task AnyCall_RevokedRefreshToken_FailsPermanentWithoutSecrets()
    {
        _sim.RevokeRefreshToken("refresh-token-value");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => Client.GetDnsTxtTokenAsync(Account, Domain));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("invalid_grant", ex.VendorCode);
        Assert.DoesNotContain("refresh-token-value", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("client-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryDailyAsync_EndBeforeStart_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.QueryDailyAsync(Account, Domain, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 9)));
    }
}
