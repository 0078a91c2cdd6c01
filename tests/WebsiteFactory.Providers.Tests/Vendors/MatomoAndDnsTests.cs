using System.Globalization;
using System.Net;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators.Matomo;

namespace WebsiteFactory.Providers.Tests.Vendors;

public sealed class MatomoAndDnsTests : IAsyncLifetime
{
    private VendorTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VendorTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Matomo_EnsureSiteTwice_CreatesOneSite()
    {
        var matomo = _host.Get<IMatomoClient>();
        var domain = DomainName.Parse("tracked.com", CultureInfo.InvariantCulture);
        Assert.Null(await matomo.FindSiteIdAsync(domain));
        var id1 = await matomo.EnsureSiteAsync(domain, "Tracked");
        var id2 = await matomo.EnsureSiteAsync(domain, "Tracked");
        Assert.Equal(id1, id2);
        Assert.Equal(1, _host.Simulators.State.Matomo.CountSites("https://tracked.com"));
    }

    [Fact]
    public async Task Matomo_DeleteSite_RemovesIt_AgainIsSuccess_LastSiteIsPermanent()
    {
        var matomo = _host.Get<IMatomoClient>();
        var keep = await matomo.EnsureSiteAsync(DomainName.Parse("kept.com", CultureInfo.InvariantCulture), "Kept");
        var gone = await matomo.EnsureSiteAsync(DomainName.Parse("gone.com", CultureInfo.InvariantCulture), "Gone");

        await matomo.DeleteSiteAsync(gone);
        await matomo.DeleteSiteAsync(gone); // "website id = N not found": already gone is success

        Assert.Equal(0, _host.Simulators.State.Matomo.CountSites("https://gone.com"));
        var e = await Assert.ThrowsAsync<ProviderException>(() => matomo.DeleteSiteAsync(keep));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Contains("only registered website", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matomo_DailyVisits_MatchSimulatorAndFillEmptyDays()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var id = _host.Simulators.State.Matomo.AddSite("v.com", today.AddDays(-2), "https://v.com");
        var days = await _host.Get<IMatomoClient>().GetDailyVisitsAsync(id, today.AddDays(-4), today.AddDays(-1));
        Assert.Equal(4, days.Count);
        Assert.Equal(0, days[0].Visits);
        Assert.Equal(MatomoState.SimulatedVisits(id, today.AddDays(-1), 500), days[3].Visits);
    }

    [Fact]
    public async Task Matomo_WrongToken_IsPermanentWithoutToken()
    {
        await _host.Secrets.SetAsync("matomo-token", "wrong-token-1234567");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<IMatomoClient>().FindSiteIdAsync(DomainName.Parse("a.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.DoesNotContain("wrong-token-1234567", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_ResolvesDelegationAndARecordThroughSimulatedPublicDns()
    {
        var cf = _host.Get<ICloudflareClient>();
        var domain = DomainName.Parse("resolve.com", CultureInfo.InvariantCulture);
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, domain);
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "resolve.com", "192.0.2.44"));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("CNAME", "www.resolve.com", "resolve.com"));
        _host.Simulators.State.Options.DnsPropagationDelay = TimeSpan.Zero;
        await _host.Get<IRegistrarClient>().SetNameserversAsync(_host.Namecheap, domain, zone.NameServers);

        var dns = _host.Get<IDnsResolver>();
        Assert.Equal(zone.NameServers.Order(StringComparer.Ordinal), await dns.GetNameserversAsync(domain));
        Assert.Equal([IPAddress.Parse("192.0.2.44")], await dns.GetIPv4AddressesAsync(DomainName.Parse("www.resolve.com", CultureInfo.InvariantCulture)));
    }
}
