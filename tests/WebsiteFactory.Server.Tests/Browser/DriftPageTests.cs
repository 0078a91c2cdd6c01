using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>Drift page: counts and rows of the latest report, filters by kind, and "Run reconcile" runs the real orchestration.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DriftPageTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task Drift_StoredReport_ShowsCountsRowsAndFilters_RunStartsReconcile()
    {
        var tag = SitesTableTests.Tag();
        await host.Services.GetRequiredService<IDriftReportStore>().SaveAsync(new DriftReport
        {
            InstanceId = $"reconcile-{tag}",
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            FinishedAt = DateTimeOffset.UtcNow,
            RequestedBy = "schedule",
            Findings =
            [
                new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = $"A old.{tag}.com", Detail = "left behind", Marked = true, ZoneId = new string('a', 32), RecordId = new string('b', 32) },
                new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = $"TXT {tag}.com", Detail = "has no ownership marker", ZoneId = new string('a', 32), RecordId = new string('c', 32) },
                new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.CloudPanel, Resource = $"site {tag}.net", Detail = "doc root gone", Domain = $"{tag}.net" },
                new() { Kind = DriftKind.Drift, Vendor = DriftVendors.CloudflareRecord, Resource = $"A {tag}.org", Detail = "content 203.0.113.9, expected 192.0.2.1." },
            ],
        });

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/drift");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Drift" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drift-count-orphan")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("drift-count-ghost")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("drift-count-drift")).ToHaveTextAsync("1");
        var rows = page.Locator(".drift-table tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("tr", new() { HasText = $"A old.{tag}.com" })).ToContainTextAsync("yes"); // marked
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Fix marked orphans (1)" })).ToBeEnabledAsync(); // admin

        // A filter shows one kind only.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghosts 1" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync($"site {tag}.net");
        await page.GetByRole(AriaRole.Button, new() { Name = "All 4" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);

        // "Run reconcile" starts the real orchestration (POST /api/drift). How long it takes and what it finds depend on what
        // the other browser tests of this shared host registered (accounts and servers it scans, with their retries), so the
        // test checks the start here; a run storing its report is tested end to end (Providers ReconcileEndToEndTests).
        var clicked = DateTimeOffset.UtcNow.AddSeconds(-1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run reconcile" }).ClickAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        OrchestrationMetadata? run;
        while ((run = await client.GetInstanceAsync(DriftApi.InstanceId, guard.Token)) is null || run.CreatedAt < clicked)
        {
            await Task.Delay(100, guard.Token);
        }

        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        await page.Context.CloseAsync();
    }
}
