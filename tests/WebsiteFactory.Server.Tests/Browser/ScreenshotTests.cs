using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// Screenshots of the main pages (saved as PNG under <see cref="DashboardHost.ArtifactsDirectory"/> for people to look at),
/// each checked for its key text and for being a real rendering rather than a blank or error page.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ScreenshotTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task Screenshots_MainPages_RenderTheirContent()
    {
        var tag = SitesTableTests.Tag();
        var live = $"shop-{tag}.com";
        var failing = $"garden-{tag}.com";
        var busy = $"travel-{tag}.com";
        await host.CreateSiteAsync(live, brand: "Shop", niche: "kitchen gear");
        await host.CreateSiteAsync(failing, brand: "Garden", niche: "gardening");
        await host.CreateSiteAsync(busy, brand: "Travel", niche: "travel");
        await host.RecordStepAsync(live, SitesTableTests.Step(SiteStep.SearchConsole, StepOutcome.Succeeded, "Verified") with
        {
            StatusDns = DnsStatus.Active,
            StatusHosting = HostingStatus.Active,
            StatusContent = ContentStatus.Generated,
            StatusDeployment = DeploymentStatus.Deployed,
            GscVerificationStatus = GscVerificationStatus.Verified,
            CloudflareZoneId = "fedcba9876543210fedcba9876543210",
            AssignedNameservers = ["kim.ns.cloudflare.com", "lee.ns.cloudflare.com"],
            HostingDocRoot = $"/home/shop/htdocs/{live}",
            MatomoSiteId = 7,
        });
        await host.RecordStepAsync(failing, SitesTableTests.Step(SiteStep.Nameservers, StepOutcome.Failed, "Namecheap: the domain is locked at the registrar") with
        {
            StatusDns = DnsStatus.Failed,
            ErrorMessage = "Namecheap: the domain is locked at the registrar",
        });
        await host.RecordStepAsync(busy, SitesTableTests.Step(SiteStep.Content, StepOutcome.Started, "Generating 12 pages") with
        {
            StatusDns = DnsStatus.Active,
            StatusHosting = HostingStatus.Active,
            StatusContent = ContentStatus.Generating,
        });
        await SeedAnalyticsAsync(live);

        Directory.CreateDirectory(DashboardHost.ArtifactsDirectory);
        var anonymous = await (await host.NewContextAsync()).NewPageAsync();
        await anonymous.GotoAsync("/");
        await Expect(anonymous.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ShotAsync(anonymous, "signin", "Sign in to manage sites");
        await anonymous.Context.CloseAsync();

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/?q={tag}");
        await Expect(page.Locator("table.sites-table tbody tr[data-domain]")).ToHaveCountAsync(3);
        await ShotAsync(page, "sites", live, failing, "locked at the registrar");

        await page.GotoAsync($"/#/sites/{live}");
        await Expect(page.GetByText("fedcba9876543210fedcba9876543210")).ToBeVisibleAsync();
        await Expect(page.Locator(".chart svg")).ToBeVisibleAsync();
        await ShotAsync(page, "site", live, "External ids", "Step timeline", "Orchestration history");

        using (var created = await host.Api.PostAsJsonAsync("/api/cloudflare-accounts", new Dictionary<string, string>
        {
            ["email"] = $"ops-{tag}@example.com",
            ["account_nickname"] = $"cf-{tag}",
            ["cloudflare_account_id"] = "00112233445566778899aabbccddeeff",
            ["api_token"] = $"Tok{tag}SecretValue42",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await page.GotoAsync("/#/settings/cloudflare");
        await Expect(page.Locator("tr", new() { HasText = $"cf-{tag}" })).ToBeVisibleAsync();
        await ShotAsync(page, "settings", "Cloudflare accounts", "Registrar accounts", "Servers", $"cf-{tag}", "API token set");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit cf-{tag}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await ShotAsync(page, "settings-edit", "Leave blank to keep the stored value");
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync("/#/analytics");
        await Expect(page.Locator(".chart svg").First).ToBeVisibleAsync();
        await ShotAsync(page, "analytics", "Traffic per day", "Portfolio state");

        // Narrow screens: the table scrolls inside its box instead of breaking the layout.
        await page.SetViewportSizeAsync(420, 860);
        await page.GotoAsync($"/#/?q={tag}");
        await Expect(page.Locator("table.sites-table tbody tr[data-domain]")).ToHaveCountAsync(3);
        await ShotAsync(page, "sites-narrow", live);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The narrow sites page scrolls sideways.");
        await page.Context.CloseAsync();
    }

    private async Task SeedAnalyticsAsync(string domain)
    {
        var site = await host.Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(DomainName.Parse(domain, CultureInfo.InvariantCulture));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = Enumerable.Range(0, 30).Select(i => new DailyAnalytics
        {
            Date = today.AddDays(-29 + i),
            SiteId = site!.Id,
            MatomoVisits = 40 + (i * 7) + (i % 5 * 11),
            GscClicks = 5 + (i * 2) + (i % 3 * 4),
            GscImpressions = 300 + (i * 25) + (i % 4 * 40),
        }).ToList();
        await host.Services.GetRequiredService<IAnalyticsRepository>().UpsertAsync(rows);
    }

    /// <summary>Saves a full-page PNG and checks it shows the page's key text and is not a near-empty image.</summary>
    internal static async Task ShotAsync(IPage page, string name, params string[] keyTexts)
    {
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var key in keyTexts)
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Page not found", text, StringComparison.Ordinal);
        var path = Path.Combine(DashboardHost.ArtifactsDirectory, $"{name}.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });

        // A blank or single-colour page compresses to a few KB; a rendered page with text, chips and charts does not.
        Assert.True(png.Length > 12_000, $"{name}.png is only {png.Length} bytes: the page looks empty.");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }
}
