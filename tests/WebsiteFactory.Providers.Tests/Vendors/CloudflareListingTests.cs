using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>The reconcile's Cloudflare reads against the simulator: zone listing across pages, and the ownership marker.</summary>
public sealed class CloudflareListingTests : IAsyncLifetime
{
    private VendorTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VendorTestHost.StartAsync(extraConfig: new Dictionary<string, string?> { ["Providers:Cloudflare:PageSize"] = "3" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListZones_SevenZonesAtThreePerPage_ReturnsAllOfTheAccountOnly()
    {
        var cf = _host.Get<ICloudflareClient>();
        for (var i = 0; i < 7; i++)
        {
            await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse($"paged-{i}.com", CultureInfo.InvariantCulture));
        }

        await cf.EnsureZoneAsync(_host.Cloudflare2, DomainName.Parse("other-account.com", CultureInfo.InvariantCulture));

        var zones = await cf.ListZonesAsync(_host.Cloudflare1);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"paged-{i}.com"), zones.Select(z => z.Name).Order(StringComparer.Ordinal));
        Assert.All(zones, z => Assert.Equal(_host.Cloudflare1.CloudflareAccountId, z.AccountId));
        Assert.All(zones, z => Assert.NotEmpty(z.NameServers));
    }

    [Fact]
    public async Task UpsertRecord_MarkerRemovedByHand_IsRestoredByTheNextUpsert()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("marked.com", CultureInfo.InvariantCulture));
        var created = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "marked.com", "192.0.2.10", 1, false, RecordOwnership.Marker));
        Assert.Equal(RecordOwnership.Marker, created.Comment);

        // Someone edits the comment in the Cloudflare dashboard; content, TTL and proxy flag stay.
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "marked.com", "192.0.2.10", 1, false, "edited by hand"));
        Assert.False(RecordOwnership.IsMarked((await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "A", "marked.com")).Single().Comment));

        var restored = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "marked.com", "192.0.2.10", 1, false, RecordOwnership.Marker));

        Assert.Equal(created.Id, restored.Id);
        var record = Assert.Single(await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "A", "marked.com"));
        Assert.Equal(RecordOwnership.Marker, record.Comment);
        Assert.True(RecordOwnership.IsMarked(record.Comment));
    }
}
