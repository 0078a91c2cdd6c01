using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Rollout;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// Rollout page: the preview is the server's dry run (live sites by wave, busy sites flagged); "Start rollout" confirms and
/// follows the rollout it started, whose progress and per-site outcomes come from the real <see cref="TemplateRollout"/>.
/// </summary>
/// <remarks>
/// The browser tests share one database, and other tests leave live sites in it, so the start the page sends is answered
/// here with a rollout of this test's two sites (<see cref="TemplateRolloutInput.SiteIds"/>), both kept busy by another
/// operation: the real orchestration skips them, fast and without touching a server.
/// </remarks>
[Collection(BrowserTestGroup.Name)]
public sealed class RolloutPageTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task Rollout_PreviewThenStart_ShowsWavesBusySitesAndTheFinishedRollout()
    {
        var tag = SitesTableTests.Tag();
        var domains = new[] { $"roll-a-{tag}.com", $"roll-b-{tag}.com" };
        var serverId = await host.CreateServerAsync($"cp-roll-{tag}");
        var siteIds = new List<Guid>();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        foreach (var d in domains)
        {
            var created = await host.CreateSiteAsync(d, serverId: serverId);
            siteIds.Add(Guid.Parse(created["id"]!.GetValue<string>()));
            await host.RecordStepAsync(d, SitesTableTests.Step(SiteStep.Deploy, StepOutcome.Succeeded, "Release r1 is live.") with
            {
                HostingDocRoot = $"/home/roll/htdocs/{d}",
                StatusDeployment = DeploymentStatus.Deployed,
            });
            await client.ScheduleNewOrchestrationInstanceAsync(BrowserTestWorkflow.HoldName, new { domain = d }, new StartOrchestrationOptions(SiteInstanceIds.Rollback(d)));
        }

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/rollout");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Template rollout" })).ToBeVisibleAsync();
        await page.GetByLabel("Canary sites").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview waves" }).ClickAsync();
        await Expect(page.Locator(".rollout-plan tbody tr").First).ToContainTextAsync("1 (canary)");
        await Expect(page.Locator(".rollout-plan")).ToContainTextAsync(domains[0]);
        var busy = page.GetByRole(AriaRole.List, new() { Name = "Busy sites" });
        await Expect(busy).ToContainTextAsync($"{domains[0]}: rollback {SiteInstanceIds.Rollback(domains[0])}");
        await Expect(busy).ToContainTextAsync(domains[1]);

        // The start: checked as the page sends it, then answered with this test's rollout.
        var rolloutId = $"rollout-{tag}";
        string? sent = null;
        await page.RouteAsync("**/api/redeploy", async route =>
        {
            if (route.Request.PostData is { } body && body.Contains("\"dry_run\"", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            sent = route.Request.PostData;
            await client.ScheduleNewOrchestrationInstanceAsync(TemplateRollout.Name, new TemplateRolloutInput(CanarySize: 1, SiteIds: siteIds), new StartOrchestrationOptions(rolloutId));
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 202,
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new { id = rolloutId, statusQueryGetUri = $"{host.BaseUrl}runtime/webhooks/durabletask/instances/{rolloutId}" }),
            });
        });
        string? confirmation = null;
        page.Dialog += async (_, dialog) =>
        {
            confirmation = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rollout {rolloutId}" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/rollout\\?id={rolloutId}$"));
        await Expect(page.GetByTestId("rollout-phase")).ToContainTextAsync("Finished: 2 wave(s)", new() { Timeout = DashboardHost.RealWorkMs });
        await Expect(page.GetByTestId("rollout-counts")).ToContainTextAsync("0 redeployed · 0 failed · 2 skipped · 0 rolled back · 2 in all");
        var rows = page.Locator(".rollout-sites tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = domains[1] })).ToContainTextAsync("skipped");
        Assert.Contains("\"all\":true", sent, StringComparison.Ordinal);
        Assert.Contains("\"canary\":1", sent, StringComparison.Ordinal);
        Assert.StartsWith("Rebuild and redeploy ", confirmation, StringComparison.Ordinal);

        foreach (var d in domains)
        {
            await client.RaiseEventAsync(SiteInstanceIds.Rollback(d), "go", "done");
        }

        await page.Context.CloseAsync();
    }
}
