using System.Text.Json;

namespace WebsiteFactory.Simulators.Tests.Cloudflare;

/// <summary><c>PUT /zones/{zone_id}/dns_records/{dns_record_id}</c> (Cloudflare's "Overwrite DNS Record") and PATCH validation.</summary>
public sealed class CloudflareRecordOverwriteTests : SimulatorTestBase
{
    private static int Code(JsonElement body) => body.GetProperty("errors")[0].GetProperty("code").GetInt32();

    private async Task<(string ZoneId, string RecordId)> ZoneWithRecordAsync(string zone)
    {
        var (_, z, _) = await SendAsync(Cf(HttpMethod.Post, "zones", new { name = zone }));
        var zoneId = z.GetProperty("result").GetProperty("id").GetString()!;
        var (status, r, _) = await SendAsync(Cf(HttpMethod.Post, $"zones/{zoneId}/dns_records", new { type = "A", name = "www", content = "192.0.2.1", ttl = 300, comment = "first" }));
        Assert.Equal(200, status);
        return (zoneId, r.GetProperty("result").GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task PutRecord_FullBody_OverwritesEveryFieldAndResetsOmittedOnes()
    {
        var (zoneId, recordId) = await ZoneWithRecordAsync("put.com");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var (status, body, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", new { type = "A", name = "www.put.com", content = "192.0.2.9" }));

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var record = body.GetProperty("result");
        Assert.Equal(recordId, record.GetProperty("id").GetString());
        Assert.Equal("192.0.2.9", record.GetProperty("content").GetString());
        Assert.Equal(1, record.GetProperty("ttl").GetInt32());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("comment").ValueKind);
        Assert.NotEqual(record.GetProperty("created_on").GetString(), record.GetProperty("modified_on").GetString());
        Assert.Equal(1, Host.State.Cloudflare.CountRecords("put.com", "A", "www.put.com"));
    }

    [Fact]
    public async Task PutRecord_UnknownRecord_Returns404With81044()
    {
        var (zoneId, _) = await ZoneWithRecordAsync("missing.com");

        var (status, body, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{new string('a', 32)}", new { type = "A", name = "www", content = "192.0.2.2" }));

        Assert.Equal((404, 81044), (status, Code(body)));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task PutRecord_MissingContentOrBadTtl_Returns400With1004AndKeepsTheRecord()
    {
        var (zoneId, recordId) = await ZoneWithRecordAsync("invalid.com");

        var (s1, b1, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", new { type = "A", name = "www" }));
        var (s2, b2, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", new { type = "A", name = "www", content = "192.0.2.3", ttl = 30 }));

        Assert.Equal((400, 1004), (s1, Code(b1)));
        Assert.Equal((400, 1004), (s2, Code(b2)));
        var (_, list, _) = await SendAsync(Cf(HttpMethod.Get, $"zones/{zoneId}/dns_records?name=www.invalid.com"));
        Assert.Equal("192.0.2.1", list.GetProperty("result")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task PutRecord_SameAsAnotherRecord_Returns81058_ButSameAsItselfSucceeds()
    {
        var (zoneId, recordId) = await ZoneWithRecordAsync("dup.com");
        var (_, other, _) = await SendAsync(Cf(HttpMethod.Post, $"zones/{zoneId}/dns_records", new { type = "A", name = "www", content = "192.0.2.7" }));
        Assert.True(other.GetProperty("success").GetBoolean());

        var (s1, b1, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", new { type = "A", name = "www", content = "192.0.2.7" }));
        var (s2, _, _) = await SendAsync(Cf(HttpMethod.Put, $"zones/{zoneId}/dns_records/{recordId}", new { type = "A", name = "www", content = "192.0.2.1", ttl = 300 }));

        Assert.Equal((400, 81058), (s1, Code(b1)));
        Assert.Equal(200, s2);
    }

    [Fact]
    public async Task PatchRecord_TtlOutOfRange_Returns400With1004()
    {
        var (zoneId, recordId) = await ZoneWithRecordAsync("patch.com");

        var (status, body, _) = await SendAsync(Cf(HttpMethod.Patch, $"zones/{zoneId}/dns_records/{recordId}", new { ttl = 5 }));

        Assert.Equal((400, 1004), (status, Code(body)));
    }
}
