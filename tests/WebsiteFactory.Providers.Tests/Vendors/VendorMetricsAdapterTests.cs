using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>The adapters report each vendor exchange to <see cref="VendorMetrics"/>, including errors that arrive in a 200 body.</summary>
public sealed class VendorMetricsAdapterTests
{
    [Fact]
    public async Task EnsureZoneAsync_NewZone_OneZoneCreateSucceededAndLookupsAreReads()
    {
        await using var host = await VendorTestHost.StartAsync();

        await host.Get<ICloudflareClient>().EnsureZoneAsync(host.Cloudflare1, Domain("metered.com"));

        var figures = host.Get<VendorMetrics>().Snapshot();
        var create = Assert.Single(figures, f => f.Vendor == "cloudflare" && f.Kind == "create");
        Assert.Equal(("zones", 1L, 1L, 1.0), (create.Operation, create.Count, create.Succeeded, create.SuccessRate));
        var read = Assert.Single(figures, f => f.Vendor == "cloudflare" && f.Kind == "read");
        Assert.Equal("zones", read.Operation);
        Assert.True(read.Count >= 1);
        Assert.True(create.MaxMs > 0);
    }

    [Fact]
    public async Task DeleteSiteAsync_MatomoRefusesInA200Body_CountedAsError()
    {
        await using var host = await VendorTestHost.StartAsync();
        var matomo = host.Get<IMatomoClient>();
        var only = await matomo.EnsureSiteAsync(Domain("only.com"), "Only");

        await Assert.ThrowsAsync<ProviderException>(() => matomo.DeleteSiteAsync(only)); // Matomo keeps its last site

        var delete = Assert.Single(host.Get<VendorMetrics>().Snapshot(), f => f.Vendor == "matomo" && f.Operation == "SitesManager.deleteSite");
        Assert.Equal(("delete", 1L, 0L, 1L, 0.0), (delete.Kind, delete.Count, delete.Succeeded, delete.Failed, delete.SuccessRate));
        var add = Assert.Single(host.Get<VendorMetrics>().Snapshot(), f => f.Vendor == "matomo" && f.Operation == "SitesManager.addSite");
        Assert.Equal((1L, 1L), (add.Count, add.Succeeded));
    }

    [Fact]
    public async Task FindZoneAsync_VendorAnswers429_CountedAsRateLimited()
    {
        var options = new SimulatorOptions();
        options.Cloudflare.RateLimit = 1;
        await using var host = await VendorTestHost.StartAsync(options);
        var cf = host.Get<ICloudflareClient>();
        await cf.FindZoneAsync(host.Cloudflare1, Domain("a.com"));

        await Assert.ThrowsAsync<ProviderException>(() => cf.FindZoneAsync(host.Cloudflare1, Domain("b.com")));

        var read = Assert.Single(host.Get<VendorMetrics>().Snapshot(), f => f.Vendor == "cloudflare" && f.Operation == "zones");
        Assert.Equal((2L, 1L, 1L, 0.5), (read.Count, read.Succeeded, read.RateLimited, read.SuccessRate));
    }

    private static DomainName Domain(string name) => DomainName.Parse(name, CultureInfo.InvariantCulture);
}
