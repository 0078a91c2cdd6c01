using System.Net;
using System.Net.Http.Json;

namespace WebsiteFactory.Simulators.Tests;

public sealed class RegistrarSimulatorTests : SimulatorTestBase
{
    protected override void Configure(SimulatorOptions options)
    {
        options.Namecheap.PerMinute = 4;
        options.Spaceship.PerDomainLimit = 2;
    }

    [Fact]
    public async Task Namecheap_ClientIpNotWhitelisted_Returns1011150()
    {
        Host.State.Namecheap.AddUser("other", "k2", Host.State.Options.Namecheap, "203.0.113.9");
        var q = $"?ApiUser=other&ApiKey=k2&UserName=other&ClientIp=203.0.113.9&Command=namecheap.domains.dns.getList&SLD=a&TLD=com";
        var text = await Http.GetStringAsync(new Uri(Host.NamecheapUrl + q));
        Assert.Contains("Status=\"ERROR\"", text, StringComparison.Ordinal);
        Assert.Contains("Number=\"1011150\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namecheap_SetCustomThenGetList_ReturnsCustomNameservers_AndThrottlesWith405()
    {
        var set = await NamecheapAsync("namecheap.domains.dns.setCustom", ("SLD", "shop"), ("TLD", "co.uk"), ("Nameservers", "a.ns.cloudflare.com,b.ns.cloudflare.com"));
        Assert.Contains("Updated=\"true\"", set, StringComparison.Ordinal);
        var list = await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "shop"), ("TLD", "co.uk"));
        Assert.Contains("IsUsingOurDNS=\"false\"", list, StringComparison.Ordinal);
        Assert.Contains("<Nameserver>a.ns.cloudflare.com</Nameserver>", list, StringComparison.Ordinal);
        await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "shop"), ("TLD", "co.uk"));
        await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "shop"), ("TLD", "co.uk"));
        var throttled = await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "shop"), ("TLD", "co.uk"));
        Assert.StartsWith("405 ", throttled, StringComparison.Ordinal);
        Assert.Equal(1, Host.State.Namecheap.ThrottledCount);
    }

    [Fact]
    public async Task Namecheap_ForeignDomain_Returns2016166()
    {
        Host.State.Namecheap.AddForeignDomain("taken.com");
        var res = await NamecheapAsync("namecheap.domains.dns.getList", ("SLD", "taken"), ("TLD", "com"));
        Assert.Contains("Number=\"2016166\"", res, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spaceship_PutNameservers_ThenGet_AndThrottlesWithRetryAfter()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(Host.SpaceshipBaseUrl, "domains/ship.com/nameservers"))
        {
            Content = JsonContent.Create(new { provider = "custom", hosts = new[] { "a.ns.cloudflare.com", "b.ns.cloudflare.com" } }),
        };
        put.Headers.Add("X-API-Key", "sim-spaceship-key");
        put.Headers.Add("X-API-Secret", "sim-spaceship-secret");
        var (s, _, _) = await SendAsync(put);
        Assert.Equal(200, s);

        HttpRequestMessage Get()
        {
            var r = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.SpaceshipBaseUrl, "domains/ship.com"));
            r.Headers.Add("X-API-Key", "sim-spaceship-key");
            r.Headers.Add("X-API-Secret", "sim-spaceship-secret");
            return r;
        }

        var (g, body, _) = await SendAsync(Get());
        Assert.Equal(200, g);
        Assert.Equal("custom", body.GetProperty("nameservers").GetProperty("provider").GetString());
        await SendAsync(Get());
        var (limited, _, res) = await SendAsync(Get());
        Assert.Equal(429, limited);
        Assert.NotNull(res.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Spaceship_BadSecret_Returns401()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.SpaceshipBaseUrl, "domains/ship.com"));
        req.Headers.Add("X-API-Key", "sim-spaceship-key");
        req.Headers.Add("X-API-Secret", "wrong");
        var res = await Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }
}
