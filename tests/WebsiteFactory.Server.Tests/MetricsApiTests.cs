using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Cloudflare;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class MetricsApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task GetMetrics_AccountWithSpentBudgetAndRecordedOperations_ReturnsRemainingBudgetAndFigures()
    {
        var admin = factory.Client(ApiScope.Admin);
        var nickname = $"cf-metrics-{Guid.NewGuid():N}"[..24];
        var created = await HttpAssert.JsonAsync<JsonElement>(await admin.PostJsonAsync("/api/cloudflare-accounts",
            new { email = "ops@example.com", account_nickname = nickname, cloudflare_account_id = new string('d', 32), api_token = "cf-token-metrics" }), HttpStatusCode.Created);
        var account = new CloudflareAccount
        {
            Id = created.GetProperty("id").GetGuid(), Email = "ops@example.com", AccountNickname = nickname, CloudflareAccountId = new string('d', 32),
            ApiTokenSecretName = SecretName.Parse(created.GetProperty("api_token_secret_name").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        };
        var budget = factory.Services.GetRequiredService<IRateBudget>();
        Assert.Equal(TimeSpan.Zero, await budget.TryAcquireAsync(CloudflareClient.BudgetKey(account), new RateLimitPolicy(1140, TimeSpan.FromMinutes(5)), 7));
        factory.Services.GetRequiredService<VendorMetrics>().Record("cloudflare", VendorOperation.FromRest(HttpMethod.Delete, "zones/0123abcd"), VendorOutcome.Success, TimeSpan.FromMilliseconds(80));

        var body = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync("/api/metrics"));

        var reading = body.GetProperty("rate_budgets").EnumerateArray().Single(r => r.GetProperty("account").GetString() == nickname);
        Assert.Equal(7, reading.GetProperty("used").GetInt32());
        Assert.Equal(1140 - 7, reading.GetProperty("remaining").GetInt32());
        var delete = body.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("vendor").GetString() == "cloudflare" && o.GetProperty("kind").GetString() == "delete");
        Assert.Equal("zones", delete.GetProperty("operation").GetString());
        Assert.True(delete.GetProperty("count").GetInt64() >= 1);
        Assert.Equal(1.0, delete.GetProperty("success_rate").GetDouble());
    }

    [Fact]
    public async Task GetMetrics_AfterAReconcileReport_ReturnsItsOrphanCounts()
    {
        await factory.Services.GetRequiredService<IDriftReportStore>().SaveAsync(new DriftReport
        {
            InstanceId = $"reconcile-{Guid.NewGuid():N}",
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            Findings = [new DriftFinding { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = "A stray.example.com", Detail = "not ours", Marked = true }],
        });

        var body = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync("/api/metrics"));

        var orphans = body.GetProperty("orphans").EnumerateArray().ToDictionary(o => $"{o.GetProperty("vendor").GetString()}/{o.GetProperty("resource").GetString()}", o => o.GetProperty("count").GetInt32());
        Assert.Equal(1, orphans["cloudflare/dns_record"]);
        Assert.Equal(0, orphans["cloudflare/zone"]);
    }

    [Fact]
    public async Task GetMetrics_Anonymous_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/api/metrics")).StatusCode);
    }
}
