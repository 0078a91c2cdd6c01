using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Cloudflare;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>Metrics: vendor operation figures and each Cloudflare account's remaining budget, with failing rows highlighted.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class MetricsPageTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task Metrics_RecordedOperationsAndSpentBudget_ShowFiguresAndHighlightTheFailingOperation()
    {
        var tag = SitesTableTests.Tag();
        var vendor = $"vendor-{tag}";
        var metrics = host.Services.GetRequiredService<VendorMetrics>();
        for (var i = 0; i < 9; i++)
        {
            metrics.Record(vendor, VendorOperation.FromRest(HttpMethod.Post, "zones"), VendorOutcome.Success, TimeSpan.FromMilliseconds(100 + i));
        }

        metrics.Record(vendor, VendorOperation.FromRest(HttpMethod.Post, "zones"), VendorOutcome.TransientError, TimeSpan.FromMilliseconds(900));
        metrics.Record(vendor, VendorOperation.FromRpc("SitesManager.getSitesIdFromSiteUrl"), VendorOutcome.Success, TimeSpan.FromMilliseconds(40));

        var nickname = $"cf-m-{tag}";
        var response = await host.Api.PostAsJsonAsync("/api/cloudflare-accounts",
            new { email = $"ops-{tag}@example.com", account_nickname = nickname, cloudflare_account_id = "0123456789abcdef0123456789abcdef", api_token = $"t-{tag}" });
        var created = await DashboardHost.JsonAsync(response);
        var account = new CloudflareAccount
        {
            Id = Guid.Parse(created["id"]!.GetValue<string>()), Email = "x@example.com", AccountNickname = nickname, CloudflareAccountId = "0123456789abcdef0123456789abcdef",
            ApiTokenSecretName = SecretName.Parse(created["api_token_secret_name"]!.GetValue<string>(), CultureInfo.InvariantCulture),
        };
        await host.Services.GetRequiredService<IRateBudget>().TryAcquireAsync(CloudflareClient.BudgetKey(account), new RateLimitPolicy(1140, TimeSpan.FromMinutes(5)), 1100);

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Metrics", Exact = true })).ToBeVisibleAsync();

        var operations = page.GetByTestId("operations");
        var zones = operations.Locator("tr", new() { HasText = vendor }).Filter(new() { HasText = "create" });
        await Expect(zones).ToContainTextAsync("zones");
        await Expect(zones.Locator("td").Nth(3)).ToHaveTextAsync("10");
        await Expect(zones.Locator("td").Nth(4)).ToContainTextAsync("90.0 %");
        await Expect(zones).ToHaveClassAsync("row-warn");
        var lookup = operations.Locator("tr", new() { HasText = "SitesManager.getSitesIdFromSiteUrl" }).Filter(new() { HasText = vendor });
        await Expect(lookup.Locator("td").Nth(2)).ToHaveTextAsync("read");
        await Expect(lookup).Not.ToHaveClassAsync("row-warn");

        var budget = page.GetByTestId("budgets").Locator("tr", new() { HasText = nickname });
        await Expect(budget.Locator("td").Nth(1)).ToHaveTextAsync("1,100");
        await Expect(budget.Locator("td").Nth(2)).ToContainTextAsync("40");
        await Expect(budget).ToHaveClassAsync("row-warn");
        Directory.CreateDirectory(DashboardHost.ArtifactsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "metrics.png"), FullPage = true });
    }
}
