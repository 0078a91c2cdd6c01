using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>The site page: status chips, last error, external ids and the step timeline from <c>site_events</c>.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SitePageTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task SitePage_SiteWithRecordedSteps_ShowsTimelineErrorAndExternalIds()
    {
        var domain = $"timeline-{SitesTableTests.Tag()}.net";
        await host.CreateSiteAsync(domain, brand: "Timeline Co", niche: "birdwatching");
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Zone, StepOutcome.Succeeded, "Zone created") with
        {
            CloudflareZoneId = "0123456789abcdef0123456789abcdef",
            AssignedNameservers = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
        });
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Records, StepOutcome.Succeeded, "A @ and CNAME www upserted") with
        {
            RecordIds = new Dictionary<string, string> { ["A @"] = "rec-a-1", ["CNAME www"] = "rec-cname-2" },
        });
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Delegation, StepOutcome.Succeeded, "Zone active") with { StatusDns = DnsStatus.Active });
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.HostingSite, StepOutcome.Succeeded, "CloudPanel site created") with
        {
            HostingDocRoot = $"/home/timeline/htdocs/{domain}",
            SiteUser = "timeline",
        });
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Analytics, StepOutcome.Succeeded, "Matomo site 42") with { MatomoSiteId = 42 });
        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Certificate, StepOutcome.Failed, "Let's Encrypt: too many failed authorizations") with
        {
            StatusHosting = HostingStatus.Failed,
            ErrorMessage = "Let's Encrypt: too many failed authorizations",
        });

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/sites/{domain}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = domain })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("too many failed authorizations");

        var ids = page.Locator("section[aria-labelledby='ids-title']");
        await Expect(ids).ToContainTextAsync("0123456789abcdef0123456789abcdef");
        await Expect(ids).ToContainTextAsync("ada.ns.cloudflare.com");
        await Expect(ids).ToContainTextAsync("CNAME www: rec-cname-2");
        await Expect(ids).ToContainTextAsync($"/home/timeline/htdocs/{domain}");
        await Expect(ids).ToContainTextAsync("42");

        var stepper = page.GetByRole(AriaRole.List, new() { Name = "Pipeline steps" });
        await Expect(stepper.Locator("[data-step='zone']")).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(stepper.Locator("[data-step='certificate']")).ToHaveAttributeAsync("data-outcome", "failed");
        await Expect(stepper.Locator("[data-step='deploy']")).ToHaveAttributeAsync("data-outcome", "pending");

        var events = page.GetByRole(AriaRole.List, new() { Name = "Site events, newest first" }).Locator("li");
        await Expect(events.First).ToContainTextAsync("too many failed authorizations");
        await Expect(events).ToHaveCountAsync(7); // registered + six steps
        await Expect(page.Locator("section[aria-labelledby='history-title']")).ToContainTextAsync("Not provisioned yet");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitePage_UnknownDomain_SaysItDoesNotExist()
    {
        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/sites/missing-site-for-browser-test.com");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not exist");
        await page.Context.CloseAsync();
    }
}
