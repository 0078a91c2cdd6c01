using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>An in-call retry is a request the vendor counts: it pays the shared rate budget like the first attempt.</summary>
public sealed class RetryBudgetTests
{
    [Fact]
    public async Task CloudflareGet_ServerErrorsWithTwoPermitsLeft_SendsTwoAttemptsThenRateLimited()
    {
        var options = new SimulatorOptions();
        options.Failures.ServerErrorRate = 1.0;
        await using var host = await VendorTestHost.StartAsync(options, new Dictionary<string, string?>
        {
            ["Providers:Cloudflare:Http:MaxRetries"] = "3",
            ["Providers:Cloudflare:RequestsPerWindow"] = "2",
            ["Providers:Cloudflare:Window"] = "01:00:00",
            ["Providers:Cloudflare:Http:MaxBudgetWait"] = "00:00:00",
        });
        var cf = host.Get<ICloudflareClient>();

        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.GetZoneAsync(host.Cloudflare1, new string('a', 32)));

        Assert.Equal(ProviderErrorKind.RateLimited, e.Kind);
        Assert.Equal(2, host.Simulators.State.Cloudflare.ReceivedCount);
    }

    [Fact]
    public async Task NamecheapRead_ServerErrorsWithTwoPermitsLeft_RateLimitedInsteadOfFourUnpaidAttempts()
    {
        var options = new SimulatorOptions();
        options.Failures.ServerErrorRate = 1.0;
        await using var host = await VendorTestHost.StartAsync(options, new Dictionary<string, string?>
        {
            ["Providers:Namecheap:Http:MaxRetries"] = "3",
            ["Providers:Namecheap:PerMinute"] = "2",
            ["Providers:Namecheap:Http:MaxBudgetWait"] = "00:00:00",
        });
        var registrar = host.Get<IRegistrarClient>();

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            registrar.GetNameserversAsync(host.Namecheap, DomainName.Parse("retry.com", CultureInfo.InvariantCulture), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.RateLimited, e.Kind);
        Assert.Equal(0, host.Simulators.State.Namecheap.ThrottledCount);
    }
}
