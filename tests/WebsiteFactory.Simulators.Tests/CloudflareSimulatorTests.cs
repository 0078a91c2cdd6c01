using System.Text.Json;

namespace WebsiteFactory.Simulators.Tests;

public sealed class CloudflareSimulatorTests : SimulatorTestBase
{
    protected override void Configure(SimulatorOptions options) => options.Cloudflare.RateLimit = 30;

    private static int Code(JsonElement body) => body.GetProperty("errors")[0].GetProperty("code").GetInt32();

    [Fact]
    public async Task CreateZone_Twice_SecondFailsWith1061AndPendingZoneHasAssignedNameservers()
    {
        var (status, body, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = "example.com", type = "full" }));
        Assert.Equal(200, status);
        var zone = body.GetProperty("result");
        Assert.Equal("pending", zone.GetProperty("status").GetString());
        Assert.Equal(2, zone.GetProperty("name_servers").GetArrayLength());
        Assert.Matches("^[0-9a-f]{32}$", zone.GetProperty("id").GetString());

        var (status2, body2, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = "example.com" }));
        Assert.Equal(400, status2);
        Assert.False(body2.GetProperty("success").GetBoolean());
        Assert.Equal(1061, Code(body2));
        Assert.Equal(1, Host.State.Cloudflare.CountZones("example.com"));
    }

    [Fact]
    public async Task CreateZone_Subdomain_Fails1099()
    {
        var (status, body, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = "www.example.com" }));
        Assert.Equal(400, status);
        Assert.Equal(1099, Code(body));
    }

    [Fact]
    public async Task ListZones_Paginates_WithResultInfo()
    {
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(Cf(HttpMethod.Post, "zones", new { name = $"site{i}.com" }));
        }

        var (_, body, _) = await SendAsync(Cf(HttpMethod.Get, "zones?page=2&per_page=2"));
        var info = body.GetProperty("result_info");
        Assert.Equal(2, info.GetProperty("page").GetInt32());
        Assert.Equal(5, info.GetProperty("total_count").GetInt32());
        Assert.Equal(3, info.GetProperty("total_pages").GetInt32());
        Assert.Equal(2, body.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task Records_IdenticalAndCnameConflicts_ReturnVendorCodes()
    {
        var (_, z, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = "rec.com" }));
        var id = z.GetProperty("result").GetProperty("id").GetString();
        var (s1, _, _) = await SendAsync(Cf(HttpMethod.Post, $"zones/{id}/dns_records", new { type = "A", name = "@", content = "192.0.2.1", ttl = 1 }));
        Assert.Equal(200, s1);
        var (s2, b2, _) = await SendAsync(Cf(HttpMethod.Post, $"zones/{id}/dns_records", new { type = "A", name = "rec.com", content = "192.0.2.1" }));
        Assert.Equal((400, 81058), (s2, Code(b2)));
        var (s3, b3, _) = await SendAsync(Cf(HttpMethod.Post, $"zones/{id}/dns_records", new { type = "CNAME", name = "@", content = "other.com" }));
        Assert.Equal((400, 81053), (s3, Code(b3)));
        var (_, list, _) = await SendAsync(Cf(HttpMethod.Get, $"zones/{id}/dns_records?type=A&name=rec.com"));
        Assert.Equal(1, list.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task BadZoneId_Returns7003_AndUnknownToken9109()
    {
        var (s, b, _) = await SendAsync(Cf(HttpMethod.Get, "zones/not-an-id"));
        Assert.Equal((400, 7003), (s, Code(b)));
        var (s2, b2, _) = await SendAsync(Cf(HttpMethod.Get, "zones", token: "nope"));
        Assert.Equal((403, 9109), (s2, Code(b2)));
    }

    [Fact]
    public async Task RateLimit_Exceeded_Returns429WithRetryAfterAndBlocks()
    {
        for (var i = 0; i < 30; i++)
        {
            var (ok, _, res) = await SendAsync(Cf(HttpMethod.Get, "zones"));
            Assert.Equal(200, ok);
            Assert.StartsWith("\"default\";r=", res.Headers.GetValues("Ratelimit").Single(), StringComparison.Ordinal);
        }

        var (status, _, limited) = await SendAsync(Cf(HttpMethod.Get, "zones"));
        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromMinutes(5), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(1, Host.State.Cloudflare.RateLimitedCount);

        Clock.Advance(TimeSpan.FromMinutes(5));
        var (after, _, _) = await SendAsync(Cf(HttpMethod.Get, "zones"));
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task ZoneLifecycle_RegistrarDelegates_ActivatesAfterCheck()
    {
        var (_, z, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = "life.com" }));
        var id = z.GetProperty("result").GetProperty("id").GetString();
        var ns = z.GetProperty("result").GetProperty("name_servers").EnumerateArray().Select(e => e.GetString()!).ToArray();

        var (checkStatus, _, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{id}/activation_check"));
        Assert.Equal(200, checkStatus);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("pending", Host.State.Cloudflare.GetZoneStatus("life.com"));

        var set = await NamecheapAsync("namecheap.domains.dns.setCustom", ("SLD", "life"), ("TLD", "com"), ("Nameservers", string.Join(',', ns)));
        Assert.Contains("Status=\"OK\"", set, StringComparison.Ordinal);

        var (tooSoon, _, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{id}/activation_check"));
        Assert.Equal(429, tooSoon);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var (again, _, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{id}/activation_check"));
        Assert.Equal(200, again);
        Clock.Advance(TimeSpan.FromSeconds(31));
        var (_, zone, _) = await SendAsync(Cf(HttpMethod.Get, $"zones/{id}"));
        Assert.Equal("active", zone.GetProperty("result").GetProperty("status").GetString());
    }
}
