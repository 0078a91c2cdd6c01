using System.Globalization;
using System.Net;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Providers.Tests.Vendors;

public sealed class RegistrarClientTests : IAsyncLifetime
{
    private static readonly string[] CfNs = ["ada.ns.cloudflare.com", "bart.ns.cloudflare.com"];
    private VendorTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var options = new SimulatorOptions();
        options.Spaceship.PerDomainLimit = 3;
        _host = await VendorTestHost.StartAsync(options);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Namecheap_SetThenGet_MultiLabelSuffixSplitByPublicSuffixList()
    {
        var registrar = _host.Get<IRegistrarClient>();
        var domain = DomainName.Parse("shop.co.uk", CultureInfo.InvariantCulture);
        var before = await registrar.GetNameserversAsync(_host.Namecheap, domain);
        Assert.True(before.IsRegistrarDefault);
        await registrar.SetNameserversAsync(_host.Namecheap, domain, CfNs);
        var after = await registrar.GetNameserversAsync(_host.Namecheap, domain);
        Assert.True(after.Matches(CfNs));
        // The registry entry is keyed by the full name: SLD "shop" + TLD "co.uk", not SLD "shop.co".
        Assert.NotNull(_host.Simulators.State.Delegations.Get("shop.co.uk"));
    }

    [Fact]
    public async Task EnsureNameservers_TwiceOnBothRegistrars_ChangesOnceAndVerifies()
    {
        var registrar = _host.Get<IRegistrarClient>();
        var nc = DomainName.Parse("ensure-nc.com", CultureInfo.InvariantCulture);
        var calls = _host.Simulators.State.Namecheap.CallCount;
        Assert.True(await registrar.EnsureNameserversAsync(_host.Namecheap, nc, CfNs));
        Assert.Equal(calls + 3, _host.Simulators.State.Namecheap.CallCount); // read, set, read back
        Assert.False(await registrar.EnsureNameserversAsync(_host.Namecheap, nc, CfNs));
        Assert.Equal(calls + 4, _host.Simulators.State.Namecheap.CallCount); // read only

        var ss = DomainName.Parse("ensure-ss.net", CultureInfo.InvariantCulture);
        Assert.True(await registrar.EnsureNameserversAsync(_host.Spaceship, ss, CfNs));
        Assert.True(Delegations.SameSet(_host.Simulators.State.Delegations.Get("ensure-ss.net")!.NameServers, CfNs));
    }

    [Fact]
    public async Task Namecheap_IpNotWhitelisted_MessageNamesTheAllowList()
    {
        var account = _host.Namecheap with { ClientIp = IPAddress.Parse("203.0.113.7") };
        _host.Simulators.State.Namecheap.AddUser("simuser", "sim-namecheap-key", _host.Simulators.State.Options.Namecheap, "203.0.113.7");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<IRegistrarClient>().GetNameserversAsync(account, DomainName.Parse("ip.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("1011150", e.VendorCode);
        Assert.Contains("allow-list", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-namecheap-key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namecheap_ForeignDomain_IsPermanent()
    {
        _host.Simulators.State.Namecheap.AddForeignDomain("foreign.com");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<IRegistrarClient>().SetNameserversAsync(_host.Namecheap, DomainName.Parse("foreign.com", CultureInfo.InvariantCulture), CfNs));
        Assert.Equal(("2016166", ProviderErrorKind.Permanent), (e.VendorCode, e.Kind));
    }

    [Fact]
    public async Task Spaceship_SetThenGet_AndThrottleBecomesRateLimitedWithoutHammering()
    {
        var registrar = _host.Get<IRegistrarClient>();
        var domain = DomainName.Parse("ship.io", CultureInfo.InvariantCulture);
        await registrar.SetNameserversAsync(_host.Spaceship, domain, CfNs);
        Assert.True((await registrar.GetNameserversAsync(_host.Spaceship, domain)).Matches(CfNs));
        await registrar.GetNameserversAsync(_host.Spaceship, domain);
        await registrar.GetNameserversAsync(_host.Spaceship, domain);
        var e = await Assert.ThrowsAsync<ProviderException>(() => registrar.GetNameserversAsync(_host.Spaceship, domain));
        Assert.Equal(ProviderErrorKind.RateLimited, e.Kind);
        Assert.NotNull(e.RetryAfter);
        var throttled = _host.Simulators.State.Spaceship.ThrottledCount;
        await Assert.ThrowsAsync<ProviderException>(() => registrar.GetNameserversAsync(_host.Spaceship, domain));
        Assert.Equal(throttled, _host.Simulators.State.Spaceship.ThrottledCount);
    }

    [Fact]
    public async Task Nameservers_Invalid_RejectedBeforeCallingRegistrar()
    {
        var calls = _host.Simulators.State.Namecheap.CallCount;
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<IRegistrarClient>().SetNameserversAsync(_host.Namecheap, DomainName.Parse("a.com", CultureInfo.InvariantCulture), ["ns1.x.com,evil", "ns2.x.com"]));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal(calls, _host.Simulators.State.Namecheap.CallCount);
    }
}
