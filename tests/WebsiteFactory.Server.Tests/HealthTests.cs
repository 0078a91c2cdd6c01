using System.Net;
using System.Text.Json;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class HealthTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task HealthReady_Anonymous_ReportsDatabaseAndEveryEngineLoop()
    {
        HttpClient c = factory.Anonymous();
        JsonElement engine = default;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage response;
        do
        {
            // The worker registers its loops when it starts, a moment after the host.
            await Task.Delay(50, cts.Token);
            response = await c.GetAsync("/health/ready", cts.Token);
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token));
            engine = body.RootElement.GetProperty("checks").GetProperty("engine").Clone();
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }
        while (!engine.GetProperty("data").TryGetProperty("activities", out _));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", engine.GetProperty("status").GetString());
        JsonElement data = engine.GetProperty("data");
        foreach (string loop in new[] { "activities", "activity-leases", "orchestrations-0", "presence" })
        {
            Assert.True(data.GetProperty(loop).GetProperty("lastPollAgeMs").GetInt64() < 30_000, loop);
            Assert.Equal(0, data.GetProperty(loop).GetProperty("consecutiveFailures").GetInt32());
        }
    }
}
