using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>Server-side sessions: a saved <c>wf_session</c> cookie stops working once its session is ended.</summary>
public sealed class SessionTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Logout_SavedCookieReplayed_Returns401AndCannotCreateApiKey()
    {
        var cookie = await SignInAsync("admin", ServerFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/sites")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Send(Replay(cookie), HttpMethod.Post, "/api/auth/logout")).StatusCode);

        var replay = Replay(cookie);
        await HttpAssert.ProblemAsync(await replay.GetAsync("/api/sites"), HttpStatusCode.Unauthorized);
        var create = await Send(replay, HttpMethod.Post, "/api/api-keys", new { name = "stolen-" + Guid.NewGuid().ToString("N")[..8], scope = "admin" });
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task Logout_OneSession_OtherSessionOfSameUserStillWorks()
    {
        await ResetAsync("two-sessions", "Two-Sessions-Password-1");
        var first = await SignInAsync("two-sessions", "Two-Sessions-Password-1");
        var second = await SignInAsync("two-sessions", "Two-Sessions-Password-1");

        Assert.Equal(HttpStatusCode.NoContent, (await Send(Replay(first), HttpMethod.Post, "/api/auth/logout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(first).GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Replay(second).GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task LogoutEverywhere_EndsEverySessionOfTheUser()
    {
        await ResetAsync("everywhere", "Everywhere-Password-1");
        var first = await SignInAsync("everywhere", "Everywhere-Password-1");
        var second = await SignInAsync("everywhere", "Everywhere-Password-1");

        Assert.Equal(HttpStatusCode.NoContent, (await Send(Replay(first), HttpMethod.Post, "/api/auth/logout?everywhere=true")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(first).GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(second).GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_OldCookieOfOtherSession_Returns401_CurrentSessionKeeps()
    {
        await ResetAsync("changer", "Changer-Old-Password-1");
        var old = await SignInAsync("changer", "Changer-Old-Password-1");
        var current = await SignInAsync("changer", "Changer-Old-Password-1");

        var change = await Send(Replay(current), HttpMethod.Post, "/api/auth/password", new { current_password = "Changer-Old-Password-1", new_password = "Changer-New-Password-2" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        await HttpAssert.ProblemAsync(await Replay(old).GetAsync("/api/sites"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await Replay(current).GetAsync("/api/sites")).StatusCode);
        var stale = factory.Anonymous();
        stale.DefaultRequestHeaders.Add(TestClientIp.HeaderName, "10.8.0.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.PostJsonAsync("/api/auth/login", new { user_name = "changer", password = "Changer-Old-Password-1" })).StatusCode);
        await SignInAsync("changer", "Changer-New-Password-2");
    }

    [Fact]
    public async Task PasswordChange_WrongCurrentPassword_Returns400_SessionsKept()
    {
        await ResetAsync("wrong-current", "Wrong-Current-Password-1");
        var cookie = await SignInAsync("wrong-current", "Wrong-Current-Password-1");

        var change = await Send(Replay(cookie), HttpMethod.Post, "/api/auth/password", new { current_password = "not-it", new_password = "Another-Password-22" });
        await HttpAssert.ValidationAsync(change, "current_password");
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task PasswordReset_ByAdminTask_EndsEverySessionOfTheUser()
    {
        await ResetAsync("reset-me", "Reset-Me-Password-1");
        var cookie = await SignInAsync("reset-me", "Reset-Me-Password-1");

        await ResetAsync("reset-me", "Reset-Me-Password-2");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task Cookie_ValidButWithoutSession_Returns401()
    {
        // A correctly signed cookie as issued before server-side sessions (no session id claim) is refused.
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = AuthenticationSetup.CookiePrincipal("admin", Guid.NewGuid().ToString(), WebsiteFactory.Api.Auth.ApiScope.Admin, "cookie");
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, CookieAuthenticationDefaults.AuthenticationScheme);
        var cookie = "wf_session=" + options.TicketDataFormat.Protect(ticket);

        await HttpAssert.ProblemAsync(await Replay(cookie).GetAsync("/api/sites"), HttpStatusCode.Unauthorized);
    }

    private Task ResetAsync(string userName, string password) =>
        factory.Services.GetRequiredService<AdminPasswords>().ResetAsync(userName, password);

    private async Task<string> SignInAsync(string userName, string password)
    {
        // Each sign-in from its own client IP, so this class's many sign-ins stay under the per-IP limit.
        var c = factory.Anonymous();
        c.DefaultRequestHeaders.Add(TestClientIp.HeaderName, "10.9." + Random.Shared.Next(256) + "." + Random.Shared.Next(1, 255));
        var login = await c.PostJsonAsync("/api/auth/login", new { user_name = userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var setCookie = login.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("wf_session=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    /// <summary>A client that sends a saved cookie and keeps no cookies of its own (as an attacker replaying it would).</summary>
    private HttpClient Replay(string cookie)
    {
        var c = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        c.DefaultRequestHeaders.Add("Cookie", cookie);
        return c;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add(CookieWriteGuard.HeaderName, "1");
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: ServerFactory.Json);
        }

        return client.SendAsync(request);
    }
}
