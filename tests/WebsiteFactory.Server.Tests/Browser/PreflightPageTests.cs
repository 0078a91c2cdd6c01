using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// The pre-flight page: it runs <c>POST /api/preflight</c> on request and shows every check's result with its fix. The test
/// host has no real vendor accounts, so failures and warnings are expected; the point is that they render, with the fix.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PreflightPageTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task PreflightPage_Run_ShowsEveryCheckWithResultAndFix()
    {
        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Pre-flight" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pre-flight", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Not run yet.")).ToBeVisibleAsync();

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Run pre-flight" }).ClickAsync(),
            r => r.Url.EndsWith("/api/preflight", StringComparison.Ordinal) && r.Request.Method == "POST",
            new() { Timeout = DashboardHost.RealWorkMs });
        Assert.Equal(200, response.Status);
        var report = JsonNode.Parse(await response.TextAsync())!;
        var checks = report["checks"]!.AsArray();
        var failed = report["failed"]!.GetValue<int>();
        Assert.NotEmpty(checks);
        Assert.True(failed + report["warned"]!.GetValue<int>() > 0, "the test host has no vendor accounts: something must fail or warn");

        var summary = page.GetByTestId("preflight-summary");
        await Expect(summary).ToContainTextAsync($"{failed} failed");
        await Expect(summary).ToHaveAttributeAsync("data-ok", failed == 0 ? "true" : "false");
        var rows = page.Locator("table.preflight-table tbody tr[data-check]");
        await Expect(rows).ToHaveCountAsync(checks.Count);

        // Every check that did not pass shows its result and its one-sentence fix, in the server's order (failures first).
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i]!;
            var result = check["result"]!.GetValue<string>();
            var row = rows.Nth(i);
            await Expect(row).ToHaveAttributeAsync("data-check", check["name"]!.GetValue<string>());
            await Expect(row).ToHaveAttributeAsync("data-result", result);
            await Expect(row.Locator(".chip")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(result));
            if (result != "pass")
            {
                var fix = check["fix"]!.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(fix), $"{check["name"]} {result} without a fix");
                await Expect(row.Locator(".preflight-fix")).ToHaveTextAsync(fix);
            }
        }

        if (failed > 0)
        {
            await Expect(rows.First).ToHaveAttributeAsync("data-result", "fail");
            await Expect(page.Locator("table.preflight-table .chip-fail").First).ToBeVisibleAsync();
            await Expect(summary).ToContainTextAsync("Not ready");
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run again" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }
}
