using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Tests.Vendors;

public sealed class CloudflareClientTests : IAsyncLifetime
{
    private VendorTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VendorTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EnsureZone_CalledTwice_CreatesOneZoneAndReturnsAssignedNameservers()
    {
        var cf = _host.Get<ICloudflareClient>();
        var domain = DomainName.Parse("twice.com", CultureInfo.InvariantCulture);
        var first = await cf.EnsureZoneAsync(_host.Cloudflare1, domain);
        var second = await cf.EnsureZoneAsync(_host.Cloudflare1, domain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(ZoneStatus.Pending, first.Status);
        Assert.Equal(2, first.NameServers.Count);
        Assert.All(first.NameServers, ns => Assert.EndsWith(".ns.cloudflare.com", ns, StringComparison.Ordinal));
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountZones("twice.com"));
    }

    [Fact]
    public async Task EnsureZone_HeldByAnotherAccount_FailsPermanentlyAndSaysSo()
    {
        var cf = _host.Get<ICloudflareClient>();
        var domain = DomainName.Parse("elsewhere.com", CultureInfo.InvariantCulture);
        await cf.EnsureZoneAsync(_host.Cloudflare2, domain);
        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.EnsureZoneAsync(_host.Cloudflare1, domain));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("1061", e.VendorCode);
        Assert.Contains("another Cloudflare account", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertRecord_RepeatedAndChanged_KeepsOneRecordWithLatestContent()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("records.com", CultureInfo.InvariantCulture));
        var a1 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.10"));
        var a2 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.10"));
        var a3 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.11"));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("CNAME", "www.records.com", "records.com"));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("CNAME", "www.records.com", "records.com"));
        Assert.Equal(a1.Id, a2.Id);
        Assert.Equal(a1.Id, a3.Id);
        Assert.Equal("192.0.2.11", a3.Content);
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountRecords("records.com", "A"));
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountRecords("records.com", "CNAME"));
    }

    [Fact]
    public async Task EnsureZone_Subdomain_IsRejectedBeforeCallingCloudflare()
    {
        var cf = _host.Get<ICloudflareClient>();
        var before = _host.Simulators.State.Cloudflare.ReceivedCount;
        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("www.sub.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal(before, _host.Simulators.State.Cloudflare.ReceivedCount);
    }

    [Fact]
    public async Task BadToken_IsPermanentAndMessageHasNoToken()
    {
        await _host.Secrets.SetAsync("cf-token-1", "definitely-wrong-token-value");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<ICloudflareClient>().FindZoneAsync(_host.Cloudflare1, DomainName.Parse("x.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("9109", e.VendorCode);
        Assert.DoesNotContain("definitely-wrong-token-value", e.ToString(), StringComparison.Ordinal);
    }
}
