using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Testing;
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
    public async Task SitePage_HostedSite_OffersContentActions_RedeployAndRollbackStart_UnhostedSiteHasNone()
    {
        var hosted = $"hosted-{SitesTableTests.Tag()}.net";
        var bare = $"bare-{SitesTableTests.Tag()}.net";
        await host.CreateSiteAsync(hosted, serverId: await host.CreateServerAsync("cp-" + hosted));
        await host.CreateSiteAsync(bare);
        await host.RecordStepAsync(hosted, SitesTableTests.Step(SiteStep.HostingSite, StepOutcome.Succeeded, "CloudPanel site created") with
        {
            HostingDocRoot = $"/home/hosted/htdocs/{hosted}",
            SiteUser = "hosted",
        });

        // Two releases went live, so a rollback has somewhere to go (one release only: the placeholder, refused).
        await host.RecordStepAsync(hosted, SitesTableTests.Step(SiteStep.Deploy, StepOutcome.Succeeded, "Release 20261201T000000Z-a is live (previous: 00000000T000000Z-initial; kept: 2)."));
        await host.RecordStepAsync(hosted, SitesTableTests.Step(SiteStep.Deploy, StepOutcome.Succeeded, "Release 20261202T000000Z-b is live (previous: 20261201T000000Z-a; kept: 3)."));

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/sites/{bare}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = bare })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Content actions" })).ToHaveCountAsync(0); // nothing to deploy to yet

        await page.GotoAsync($"/#/sites/{hosted}");
        var actions = page.GetByRole(AriaRole.Group, new() { Name = "Content actions" });
        await actions.GetByRole(AriaRole.Button, new() { Name = "Redeploy" }).ClickAsync();
        await Expect(page.GetByText($"Redeploying {hosted} (instance redeploy-{hosted})")).ToBeVisibleAsync();

        // One operation per site: the rollback can start once the redeploy has ended. This host has no real server to
        // deploy to (the redeploy would retry its step for minutes), so the test ends it.
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using (var wait = new CancellationTokenSource(TestBounds.RealWork))
        {
            await client.TerminateInstanceAsync($"redeploy-{hosted}", "browser test: make way for the rollback", wait.Token);
            var ended = await client.WaitForInstanceCompletionAsync($"redeploy-{hosted}", wait.Token);
            Assert.False(ended.IsRunning);
        }

        await actions.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(page.GetByText($"Rolling back {hosted} (instance rollback-{hosted})")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitePage_TearDown_NeedsTheDomainTyped_ThenRunsAndShowsTornDown()
    {
        var domain = $"teardown-{SitesTableTests.Tag()}.net";
        await host.CreateSiteAsync(domain); // nothing provisioned: every step has nothing to remove

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/sites/{domain}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tear down" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Tear down {domain}?" });
        var confirm = dialog.GetByRole(AriaRole.Button, new() { Name = "Tear down" });
        await Expect(confirm).ToBeDisabledAsync();
        await dialog.GetByLabel($"Type {domain} to confirm").FillAsync("teardown-wrong.net");
        await Expect(confirm).ToBeDisabledAsync();
        await dialog.GetByLabel($"Type {domain} to confirm").FillAsync(domain);
        await confirm.ClickAsync();
        await Expect(page.GetByText($"Tearing down {domain} (instance teardown-{domain})")).ToBeVisibleAsync();

        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using (var wait = new CancellationTokenSource(TestBounds.RealWork))
        {
            var done = await client.WaitForInstanceCompletionAsync($"teardown-{domain}", wait.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("lifecycle")).ToContainTextAsync("Torn down");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SitePage_FailedProvisioning_RollBackButton_RunsTheRollback_SiteStaysNotProvisioned()
    {
        var domain = $"undo-{SitesTableTests.Tag()}.net";
        await host.CreateSiteAsync(domain); // no accounts: provisioning fails at its first step
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using (var response = await host.Api.PostAsync($"/api/sites/{domain}/provision", null))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        using (var wait = new CancellationTokenSource(TestBounds.RealWork))
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, (await client.WaitForInstanceCompletionAsync($"provision-{domain}", wait.Token)).RuntimeStatus);
        }

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/sites/{domain}");
        var failure = page.GetByTestId("provisioning-failure");
        await failure.GetByRole(AriaRole.Button, new() { Name = "Roll back provisioning" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Roll back {domain}?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(page.GetByText($"Rolling back the failed provisioning of {domain} (instance teardown-{domain})")).ToBeVisibleAsync();

        using (var wait = new CancellationTokenSource(TestBounds.RealWork))
        {
            var done = await client.WaitForInstanceCompletionAsync($"teardown-{domain}", getInputsAndOutputs: true, wait.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.NotNull(done.ReadInputAs<WebsiteFactory.Workflows.Teardown.TeardownSiteInput>()!.RollbackOf);
        }

        // Rolled back: still a site (active, not torn down), its error says so, and there is nothing left to roll back.
        await page.ReloadAsync();
        await Expect(page.GetByText("and was rolled back").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lifecycle")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Roll back provisioning" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run again" })).ToBeVisibleAsync();
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

    [ChromiumFact]
    public async Task SitePage_SiteWithAnOrchestration_ShowsHistoryGanttAndRedactedPayloads()
    {
        var tag = SitesTableTests.Tag();
        var domain = $"history-{tag}.net";
        var instanceId = $"browser-history-{tag}";
        var token = $"Zq{tag}Xy9SecretTokenValue";
        await host.CreateSiteAsync(domain);
        using (var start = await host.Api.PostAsJsonAsync(
            $"/runtime/webhooks/durabletask/orchestrators/{BrowserTestWorkflow.Name}/{instanceId}",
            new Dictionary<string, string> { ["domain"] = domain, ["api_token"] = token }))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await host.RecordStepAsync(domain, SitesTableTests.Step(SiteStep.Zone, StepOutcome.Started, "Provisioning") with { InstanceId = instanceId });

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync($"/#/sites/{domain}");
        var history = page.Locator("section[aria-labelledby='history-title']");
        // The page polls while the instance runs; the run takes well under a second on the embedded engine.
        await Expect(history.Locator(".facts .chip").First).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = DashboardHost.RealWorkMs });

        var gantt = history.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("Timeline of 3 activities") });
        await Expect(gantt).ToBeVisibleAsync();
        await Expect(gantt).ToContainTextAsync("BrowserLookUpZone");
        await Expect(gantt.Locator(".bar-fail")).ToHaveCountAsync(1);

        var failedRow = history.Locator("tr[data-event='TaskFailed']");
        await Expect(failedRow).ToContainTextAsync(BrowserTestWorkflow.FailureMessage);
        await Expect(history.Locator("tr[data-event='TaskCompleted']")).ToContainTextAsync("BrowserLookUpZone");
        await Expect(history.Locator("tr[data-event='TimerFired']")).ToHaveCountAsync(1);

        var started = history.Locator("tr[data-event='ExecutionStarted']");
        await started.GetByRole(AriaRole.Button, new() { Name = "Show data" }).ClickAsync();
        await Expect(history.Locator(".payload-row")).ToContainTextAsync("[REDACTED]");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        var raw = await page.Context.APIRequest.GetAsync($"/api/instances/{instanceId}/history");
        Assert.True(raw.Ok);
        Assert.DoesNotContain(token, await raw.TextAsync(), StringComparison.Ordinal); // redacted by the server, not only on screen

        // The instance page shows the same run, reachable from the site.
        await history.GetByRole(AriaRole.Link, new() { Name = "Open instance" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Orchestration {BrowserTestWorkflow.Name}" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-event='ExecutionCompleted']")).ToHaveCountAsync(1);
        await ScreenshotTests.ShotAsync(page, "instance", BrowserTestWorkflow.Name, "Activities", "Events", BrowserTestWorkflow.FailureMessage);
        await page.Context.CloseAsync();
    }
}
