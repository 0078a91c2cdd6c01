using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Providers.Tests.Vendors;

public sealed class CloudflareResilienceTests
{
    [Fact]
    public async Task ServerErrors_GetIsRetriedButPostIsNot()
    {
        var options = new SimulatorOptions();
        options.Failures.ServerErrorRate = 1.0;
        await using var host = await VendorTestHost.StartAsync(options, new Dictionary<string, string?> { ["Providers:Cloudflare:Http:MaxRetries"] = "2" });
        var cf = host.Get<ICloudflareClient>();
        var state = host.Simulators.State.Cloudflare;

        var get = await Assert.ThrowsAsync<ProviderException>(() => cf.GetZoneAsync(host.Cloudflare1, new string('a', 32)));
        Assert.Equal(ProviderErrorKind.Transient, get.Kind);
        Assert.Equal(3, state.ReceivedCount); // 1 + 2 retries
    }

    [Fact]
    public async Task ZoneCreatePost_OnServerError_IsSentOnceAndNextAttemptLooksUpFirst()
    {
        var options = new SimulatorOptions();
        options.Failures.ServerErrorRate = 1.0;
        options.Failures.OnlyMethod = "POST";
        await using var host = await VendorTestHost.StartAsync(options, new Dictionary<string, string?> { ["Providers:Cloudflare:Http:MaxRetries"] = "3" });
        var cf = host.Get<ICloudflareClient>();
        var state = host.Simulators.State.Cloudflare;

        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.EnsureZoneAsync(host.Cloudflare1, DomainName.Parse("once.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Transient, e.Kind);
        Assert.Equal(2, state.ReceivedCount); // one GET lookup, one POST, no blind POST retry

        options.Failures.ServerErrorRate = 0;
        var zone = await cf.EnsureZoneAsync(host.Cloudflare1, DomainName.Parse("once.com", CultureInfo.InvariantCulture));
        Assert.Equal("once.com", zone.Name);
        Assert.Equal(1, state.CountZones("once.com"));
    }

    [Fact]
    public async Task SharedBudget_KeepsRequestsUnderTheLimit_NoServer429()
    {
        var options = new SimulatorOptions();
        options.Cloudflare.RateLimit = 20;
        options.Cloudflare.RateWindow = TimeSpan.FromSeconds(2);
        await using var host = await VendorTestHost.StartAsync(options, new Dictionary<string, string?>
        {
            ["Providers:Cloudflare:RequestsPerWindow"] = "19",
            ["Providers:Cloudflare:Window"] = "00:00:02",
            // The guard absorbs send-to-arrival delay; 1.5 s let a 429 through once with the whole suite running on 2 cores.
            ["Providers:Cloudflare:WindowGuard"] = "00:00:02.5",
        });
        var cf = host.Get<ICloudflareClient>();
        await cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse("warm.com", CultureInfo.InvariantCulture)); // JIT and connection warm-up
        var tasks = Enumerable.Range(0, 40).Select(i => cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse($"budget{i}.com", CultureInfo.InvariantCulture)));
        await Task.WhenAll(tasks);
        Assert.Equal(0, host.Simulators.State.Cloudflare.RateLimitedCount);
        Assert.Equal(41, host.Simulators.State.Cloudflare.RequestCount);
    }

    [Fact]
    public async Task Server429_IsTranslatedToRateLimitedWithRetryAfter()
    {
        var options = new SimulatorOptions();
        options.Cloudflare.RateLimit = 2;
        await using var host = await VendorTestHost.StartAsync(options);
        var cf = host.Get<ICloudflareClient>();
        await cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse("a.com", CultureInfo.InvariantCulture));
        await cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse("b.com", CultureInfo.InvariantCulture));
        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse("c.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), e.RetryAfter);
        // The budget is now blocked: the next call fails fast without hammering the API.
        var received = host.Simulators.State.Cloudflare.ReceivedCount;
        var again = await Assert.ThrowsAsync<ProviderException>(() => cf.FindZoneAsync(host.Cloudflare1, DomainName.Parse("d.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.RateLimited, again.Kind);
        Assert.Equal(received, host.Simulators.State.Cloudflare.ReceivedCount);
    }
}
