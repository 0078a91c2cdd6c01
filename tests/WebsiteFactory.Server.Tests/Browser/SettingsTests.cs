using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>Settings: add, edit and delete an account through the forms; the secret is written but never shown back.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SettingsTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task Settings_AddEditDeleteCloudflareAccount_NeverShowsTheToken()
    {
        var tag = SitesTableTests.Tag();
        var token = $"cf-token-{Guid.NewGuid():N}";
        var nickname = $"cf-{tag}";
        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/settings/cloudflare");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cloudflare accounts" })).ToBeVisibleAsync();

        // Invalid input: the server's field message appears next to the field and nothing is created.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Cloudflare account" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Nickname").FillAsync(nickname);
        await dialog.GetByLabel("Email").FillAsync($"ops-{tag}@example.com");
        await dialog.GetByLabel("Cloudflare account id").FillAsync("not-hex");
        await dialog.GetByLabel("API token").FillAsync(token);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("32 lower-case hexadecimal");

        await dialog.GetByLabel("Cloudflare account id").FillAsync("0123456789abcdef0123456789abcdef");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var row = page.Locator("tr", new() { HasText = nickname });
        await Expect(row).ToContainTextAsync($"ops-{tag}@example.com");
        await Expect(row).ToContainTextAsync("API token set");

        // Edit: the token field starts empty (write-only) and a blank value keeps the stored token.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {nickname}" }).ClickAsync();
        await Expect(dialog.GetByLabel("API token")).ToHaveValueAsync(string.Empty);
        await dialog.GetByLabel("Email").FillAsync($"billing-{tag}@example.com");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(row).ToContainTextAsync($"billing-{tag}@example.com");

        // The token is nowhere: not in the page, not in what the API sends the browser.
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        var listed = await page.Context.APIRequest.GetAsync("/api/cloudflare-accounts");
        Assert.True(listed.Ok);
        var json = await listed.TextAsync();
        Assert.Contains(nickname, json, StringComparison.Ordinal);
        Assert.DoesNotContain(token, json, StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {nickname}" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = nickname })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Settings_AddServer_ShowsItWithoutTheKey()
    {
        var tag = SitesTableTests.Tag();
        var key = $"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{tag}\n-----END OPENSSH PRIVATE KEY-----";
        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/settings/servers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync($"cp-{tag}");
        await dialog.GetByLabel("SSH address").FillAsync("203.0.113.10");
        await dialog.GetByLabel("SSH user").FillAsync("deploy"); // no default: root is refused unless allowed
        await dialog.GetByLabel("Pinned host-key fingerprint").FillAsync("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
        await dialog.GetByLabel("SSH private key").FillAsync(key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var row = page.Locator("tr", new() { HasText = $"cp-{tag}" });
        await Expect(row).ToContainTextAsync("203.0.113.10");
        await Expect(row).ToContainTextAsync("SSH private key set");
        Assert.DoesNotContain(tag + "\n", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEAAAAA", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Settings_AddSpaceshipRegistrar_AsksForTheSecretOnlySpaceshipNeeds()
    {
        var tag = SitesTableTests.Tag();
        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/#/settings/registrars");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add registrar account" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        // Namecheap (the default) needs an API user and client IP; Spaceship needs an API secret instead.
        await Expect(dialog.GetByLabel("API user")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("API secret")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Registrar" }).SelectOptionAsync("spaceship");
        await Expect(dialog.GetByLabel("API user")).ToHaveCountAsync(0);

        await dialog.GetByLabel("Nickname").FillAsync($"ss-{tag}");
        await dialog.GetByLabel("API key").FillAsync($"key-{tag}-value");
        await dialog.GetByLabel("API secret").FillAsync($"secret-{tag}-value");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var row = page.Locator("tr", new() { HasText = $"ss-{tag}" });
        await Expect(row).ToContainTextAsync("spaceship");
        await Expect(row).ToContainTextAsync("API key set");
        await Expect(row).ToContainTextAsync("API secret set");
        Assert.DoesNotContain($"secret-{tag}-value", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
