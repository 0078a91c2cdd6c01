using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Server.Auth;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// Account and security: changing the password and signing out everywhere end sessions on the server, so a saved copy of
/// another browser's session cookie stops working. Each test uses its own local user: the shared admin signs in every
/// other browser test and the host's API client.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class AccountTests(DashboardHost host)
{
    // "New password" but not "Confirm new password" (labels of required fields end with an aria-hidden " *").
    [GeneratedRegex("^New password")]
    private static partial Regex NewPasswordLabel { get; }

    [ChromiumFact]
    public async Task Account_ChangePassword_EndsOtherSessionsKeepsThisOneAndTheNewPasswordSignsIn()
    {
        var user = $"pw-{SitesTableTests.Tag()}";
        const string oldPassword = "first-Pa55word-of-this-user";
        const string newPassword = "second-Pa55word-of-this-user";
        await host.Services.GetRequiredService<AdminPasswords>().ResetAsync(user, oldPassword);

        // Another browser signed in before the change; its cookie is saved as an attacker would save it.
        var other = await host.NewContextAsync();
        await SignInThroughApiAsync(other, user, oldPassword);
        var savedCookies = await other.CookiesAsync();
        Assert.Contains(savedCookies, c => c.Name == "wf_session");
        Assert.Equal(200, await MeStatusAsync(other));

        // This browser signs in through the form and opens the account page from the header.
        var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await SignInThroughFormAsync(page, user, oldPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Account: {user}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account and security" })).ToBeVisibleAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Change password" });
        var passwordPosts = 0;
        page.Request += (_, r) => passwordPosts += r.Url.EndsWith("/api/auth/password", StringComparison.Ordinal) ? 1 : 0;

        // Client-side checks (the server's rules) stop a short password and a mismatched confirmation before any request.
        await form.GetByLabel("Current password").FillAsync(oldPassword);
        await form.GetByLabel(NewPasswordLabel).FillAsync("too-short");
        await form.GetByLabel("Confirm new password").FillAsync("something-else-entirely");
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(form.Locator("#field-new_password-error")).ToHaveTextAsync("The new password must have 12 to 1000 characters.");
        await Expect(form.Locator("#field-confirm_password-error")).ToHaveTextAsync("The passwords do not match.");
        await Expect(form.GetByLabel(NewPasswordLabel)).ToBeFocusedAsync();
        Assert.Equal(0, passwordPosts);

        // A wrong current password: the server's problem detail is shown and nothing changes.
        await form.GetByLabel("Current password").FillAsync("not-the-current-password");
        await form.GetByLabel(NewPasswordLabel).FillAsync(newPassword);
        await form.GetByLabel("Confirm new password").FillAsync(newPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("The current password is wrong.");
        await Expect(form.Locator("#field-current_password-error")).ToHaveTextAsync("The current password is wrong.");
        Assert.Equal(1, passwordPosts);
        Assert.Equal(200, await MeStatusAsync(other));

        await form.GetByLabel("Current password").FillAsync(oldPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Every other session of " + user + " has been signed out; this one stays signed in." })).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Current password")).ToHaveValueAsync(string.Empty);
        Directory.CreateDirectory(DashboardHost.ArtifactsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "account.png"), FullPage = true });

        // This session stays; the other browser's session and a replay of its saved cookie are refused.
        Assert.Equal(200, await MeStatusAsync(context));
        Assert.Equal(401, await MeStatusAsync(other));
        var replay = await host.NewContextAsync();
        await replay.AddCookiesAsync(savedCookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite }));
        Assert.Equal(401, await MeStatusAsync(replay));

        // The old password no longer signs in; the new one does, through the form.
        var oldLogin = await replay.APIRequest.PostAsync("/api/auth/login", new() { DataObject = new Dictionary<string, string> { ["user_name"] = user, ["password"] = oldPassword } });
        Assert.Equal(401, oldLogin.Status);
        var replayPage = await replay.NewPageAsync();
        await replayPage.GotoAsync("/");
        await SignInThroughFormAsync(replayPage, user, newPassword);
        Assert.Equal(200, await MeStatusAsync(replay));

        await replay.CloseAsync();
        await other.CloseAsync();
        await context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Account_SignOutEverywhere_AsksFirstThenEndsEverySessionAndShowsSignIn()
    {
        var user = $"out-{SitesTableTests.Tag()}";
        const string password = "sign-out-Pa55word-everywhere";
        await host.Services.GetRequiredService<AdminPasswords>().ResetAsync(user, password);
        var other = await host.NewContextAsync();
        await SignInThroughApiAsync(other, user, password);
        var context = await host.NewContextAsync();
        await SignInThroughApiAsync(context, user, password);
        var savedCookies = await context.CookiesAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/sites");

        // Keyboard only: the header link, the button, then Escape cancels and nothing ends.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Account: {user}" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account and security" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere…" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign out everywhere?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("including this one");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(200, await MeStatusAsync(other));
        Assert.Equal(200, await MeStatusAsync(context));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "signed out everywhere" })).ToBeVisibleAsync();
        Assert.EndsWith("#/", page.Url, StringComparison.Ordinal);

        // Both sessions ended on the server: the other browser, and a replay of this browser's saved cookie.
        Assert.Equal(401, await MeStatusAsync(other));
        var replay = await host.NewContextAsync();
        await replay.AddCookiesAsync(savedCookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite }));
        Assert.Equal(401, await MeStatusAsync(replay));

        await replay.CloseAsync();
        await other.CloseAsync();
        await context.CloseAsync();
    }

    private static async Task SignInThroughApiAsync(IBrowserContext context, string user, string password)
    {
        var login = await context.APIRequest.PostAsync("/api/auth/login", new() { DataObject = new Dictionary<string, string> { ["user_name"] = user, ["password"] = password } });
        Assert.True(login.Ok, $"Sign-in of {user} failed: {login.Status} {await login.TextAsync()}");
    }

    private static async Task SignInThroughFormAsync(IPage page, string user, string password)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Sign in" });
        await form.GetByLabel("User name").FillAsync(user);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Account: {user}" })).ToBeVisibleAsync();
    }

    private static async Task<int> MeStatusAsync(IBrowserContext context) => (await context.APIRequest.GetAsync("/api/auth/me")).Status;
}
