using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>Bulk select → provision: the browser calls <c>POST /api/provision</c>, gets 202, and follows the real batch live to its end.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BulkProvisionTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task BulkProvision_TwoSelectedSites_StartsABatchAndShowsItsProgress()
    {
        var tag = SitesTableTests.Tag();
        var first = $"bulk-a-{tag}.com";
        var second = $"bulk-b-{tag}.com";
        await host.CreateSiteAsync(first);
        await host.CreateSiteAsync(second);

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/?q={tag}");
        await Expect(page.Locator("table.sites-table tbody tr[data-domain]")).ToHaveCountAsync(2);
        await page.GetByLabel("Select all sites on this page").CheckAsync();

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Provision selected" }).ClickAsync(),
            r => r.Url.EndsWith("/api/provision", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, response.Status);
        var body = await response.JsonAsync();
        var id = body!.Value.GetProperty("id").GetString()!;
        Assert.Contains($"/runtime/webhooks/durabletask/instances/{id}", body.Value.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        var sent = response.Request.PostDataJSON()!.Value.GetProperty("domains").EnumerateArray().Select(e => e.GetString()).Order().ToList();
        Assert.Equal([first, second], sent);

        // The dashboard follows the batch on its own page.
        await Expect(page).ToHaveURLAsync(new Regex($"#/batches/{Regex.Escape(id)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Provisioning batch" })).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-domain='{first}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-domain='{second}']")).ToBeVisibleAsync();

        var instance = await page.Context.APIRequest.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
        Assert.Contains(instance.Status, new[] { 200, 202 });

        // The real pipeline runs on the embedded engine. These sites have no Cloudflare account, so each site's first step
        // fails permanently: the batch page must follow both to the end and show them as failed, with the reason.
        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Sites finished" });
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "2", new() { Timeout = DashboardHost.RealWorkMs });
        await Expect(page.GetByTestId("batch-counts")).ToContainTextAsync("2 failed");
        await Expect(page.Locator($"tr[data-domain='{first}']")).ToContainTextAsync("no Cloudflare account");
        // Two failure chips: the instance (a step's final failure fails it) and the site's DNS step.
        await Expect(page.Locator($"tr[data-domain='{first}'][data-runtime-status='Failed']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-domain='{first}'] .chip-fail")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("Per-site provisioning") })).ToContainTextAsync($"provision-{first}");
        await ScreenshotTests.ShotAsync(page, "batch", "Provisioning batch", first, second, "2 failed");

        // The sites table agrees, and offers a retry for them.
        await page.GotoAsync($"/#/?q={tag}&progress=failed");
        await Expect(page.Locator("table.sites-table tbody tr[data-domain]")).ToHaveCountAsync(2);
        await page.GetByLabel("Select all sites on this page").CheckAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry failed (2)" })).ToBeEnabledAsync();

        // The site page reads the failure from the Failed instance, and its retry rewinds that same instance.
        await page.GotoAsync($"/#/sites/{first}");
        var failure = page.GetByTestId("provisioning-failure");
        await Expect(failure).ToContainTextAsync("Provisioning failed at Zone");
        await Expect(failure).ToContainTextAsync("no Cloudflare account");
        var retry = page.GetByRole(AriaRole.Button, new() { Name = "Retry failed step" });
        await Expect(retry).ToBeEnabledAsync();
        var retried = await page.RunAndWaitForResponseAsync(
            () => retry.ClickAsync(),
            r => r.Url.EndsWith($"/api/sites/{first}/retry", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, retried.Status);
        Assert.Equal($"provision-{first}", (await retried.JsonAsync())!.Value.GetProperty("id").GetString());
        await Expect(page.GetByText($"Rewinding the failed run of {first}")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
