using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>The sign-in page and the sites table: step chips, progress filters, search, paging and selection.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SitesTableTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task SignIn_WithTheAdminPassword_ShowsTheSitesPage()
    {
        var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("User name").FillAsync(DashboardHost.AdminUser);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");

        await page.GetByLabel("Password").FillAsync(DashboardHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sites", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync("Settings");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitesTable_SeededSites_ShowsStepStatusesAndFilters()
    {
        var tag = Tag();
        var done = $"done-{tag}.com";
        var broken = $"broken-{tag}.com";
        var fresh = $"fresh-{tag}.com";
        foreach (var d in new[] { done, broken, fresh })
        {
            await host.CreateSiteAsync(d, brand: $"Brand {tag}");
        }

        await host.RecordStepAsync(done, Step(SiteStep.SearchConsole, StepOutcome.Succeeded) with
        {
            StatusDns = DnsStatus.Active,
            StatusHosting = HostingStatus.Active,
            StatusContent = ContentStatus.Generated,
            StatusDeployment = DeploymentStatus.Deployed,
            GscVerificationStatus = GscVerificationStatus.Verified,
            AnalyticsStatus = AnalyticsStatus.Ok,
        });
        await host.RecordStepAsync(broken, Step(SiteStep.Zone, StepOutcome.Failed, "Cloudflare refused the zone: quota exceeded") with
        {
            StatusDns = DnsStatus.Failed,
            ErrorMessage = "Cloudflare refused the zone: quota exceeded",
        });

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/?q={tag}");
        var rows = page.Locator("table.sites-table tbody tr[data-domain]");
        await Expect(rows).ToHaveCountAsync(3);

        var doneRow = page.Locator($"tr[data-domain='{done}']");
        await Expect(doneRow).ToHaveAttributeAsync("data-overall", "complete");
        await Expect(doneRow.Locator(".chip[data-status]")).ToHaveCountAsync(5);
        await Expect(doneRow.Locator(".chip-ok")).ToHaveCountAsync(5);
        await Expect(doneRow).ToContainTextAsync("GSC: verified");

        var brokenRow = page.Locator($"tr[data-domain='{broken}']");
        await Expect(brokenRow.Locator(".chip-fail")).ToHaveCountAsync(1);
        await Expect(brokenRow).ToContainTextAsync("DNS: failed");
        await Expect(brokenRow).ToContainTextAsync("quota exceeded");
        await Expect(page.Locator($"tr[data-domain='{fresh}'] .chip-idle")).ToHaveCountAsync(5);

        await page.GetByRole(AriaRole.Button, new() { Name = "Failed", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-domain", broken);
        Assert.Contains("progress=failed", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-domain", done);

        await page.GetByRole(AriaRole.Button, new() { Name = "All", Exact = true }).ClickAsync();
        await page.GetByLabel("Search sites").FillAsync($"fresh-{tag}");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-domain", fresh);

        // Selecting rows shows the bulk actions; retry is only offered for failed sites.
        await page.GetByLabel("Search sites").FillAsync(tag);
        await Expect(rows).ToHaveCountAsync(3);
        await page.GetByLabel($"Select {broken}").CheckAsync();
        await page.GetByLabel($"Select {fresh}").CheckAsync();
        var bulk = page.GetByRole(AriaRole.Region, new() { Name = "Bulk actions" });
        await Expect(bulk).ToContainTextAsync("2 selected");
        await Expect(bulk.GetByRole(AriaRole.Button, new() { Name = "Retry failed (1)" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitesTable_DeletedSite_HiddenByDefault_LifecycleColumnAndFilterShowIt()
    {
        var tag = Tag();
        var live = $"live-{tag}.com";
        var gone = $"gone-{tag}.com";
        var stuck = $"stuck-{tag}.com";
        foreach (var d in new[] { live, gone, stuck })
        {
            await host.CreateSiteAsync(d);
        }

        await host.RecordStepAsync(gone, Step(SiteStep.Teardown, StepOutcome.Succeeded, "Teardown complete.") with { Lifecycle = SiteLifecycle.Deleted });
        await host.RecordStepAsync(stuck, Step(SiteStep.Teardown, StepOutcome.Failed, "Teardown left 1 resource(s) behind.") with { Lifecycle = SiteLifecycle.Error });

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/?q={tag}");
        var rows = page.Locator("table.sites-table tbody tr[data-domain]");
        await Expect(rows).ToHaveCountAsync(2); // the deleted site is history, not work
        await Expect(page.Locator($"tr[data-domain='{gone}']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Lifecycle" })).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-domain='{live}'] td[data-lifecycle]")).ToHaveAttributeAsync("data-lifecycle", "active");
        await Expect(page.Locator($"tr[data-domain='{stuck}'] td[data-lifecycle]")).ToContainTextAsync("error");

        await page.GetByLabel("Filter by lifecycle").SelectOptionAsync("deleted");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-domain", gone);
        await Expect(rows.First.Locator("td[data-lifecycle]")).ToContainTextAsync("deleted");
        Assert.Contains("lifecycle=deleted", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Filter by lifecycle").SelectOptionAsync("all");
        await Expect(rows).ToHaveCountAsync(3);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitesTable_MoreSitesThanAPage_PagesThroughThem()
    {
        var tag = Tag();
        var csv = "domain,brand\n" + string.Join('\n', Enumerable.Range(1, 30).Select(i => $"p{i:00}-{tag}.org,Paged {tag}"));
        using (var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))
        using (var response = await host.Api.PostAsync("/api/sites/import", content))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/?q={tag}&limit=25");
        var rows = page.Locator("table.sites-table tbody tr[data-domain]");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("1–25 of 30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.First).ToHaveAttributeAsync("data-domain", $"p26-{tag}.org");
        await page.Context.CloseAsync();
    }

    internal static string Tag() => Guid.NewGuid().ToString("N")[..8];

    internal static SiteStepUpdate Step(SiteStep step, StepOutcome outcome, string? message = null) => new()
    {
        SiteId = Guid.Empty,
        Step = step,
        Outcome = outcome,
        Message = message,
        Actor = "test",
    };
}
