using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>A server whose per-account sign-in backoff runs on a fake clock: 3 free failures, then 60 s doubling.</summary>
public sealed class BackoffFactory : ServerFactory
{
    /// <summary>Gets the backoff's clock.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Server:AuthPermitsPerMinute"] = "1000",
        ["Authentication:SignInBackoff:FreeFailures"] = "3",
        ["Authentication:SignInBackoff:BaseDelay"] = "00:01:00",
        ["Authentication:SignInBackoff:MaxDelay"] = "00:15:00",
    };

    /// <inheritdoc/>
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, s =>
            s.AddSingleton(sp => ActivatorUtilities.CreateInstance<SignInBackoff>(sp, (TimeProvider)Clock)));
    }
}

public sealed class SignInBackoffTests(BackoffFactory factory) : IClassFixture<BackoffFactory>
{
    [Fact]
    public async Task SignIn_FailuresFromTwoIps_LockAccountForEveryIp_BackoffDoublesAndSuccessResets()
    {
        await ResetAsync("locked-a", "Locked-A-Password-1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.0.1", "locked-a", "wrong")).StatusCode);
        }

        // The right password from another IP is refused while the account is backing off.
        var refused = await LoginAsync("10.0.0.2", "locked-a", "Locked-A-Password-1");
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.0.3", "locked-a", "wrong")).StatusCode);
        var doubled = await LoginAsync("10.0.0.2", "locked-a", "Locked-A-Password-1");
        await HttpAssert.ProblemAsync(doubled, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(120), doubled.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("10.0.0.2", "locked-a", "Locked-A-Password-1")).StatusCode);

        // Success reset the count: two failures and the right password sign in again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.0.1", "locked-a", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.0.1", "locked-a", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("10.0.0.1", "locked-a", "Locked-A-Password-1")).StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownAccount_SameAnswersAsKnownAccount()
    {
        await ResetAsync("known-b", "Known-B-Password-1");
        var known = new List<HttpResponseMessage>();
        var unknown = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            known.Add(await LoginAsync("10.0.1." + i, "known-b", "wrong"));
            unknown.Add(await LoginAsync("10.0.2." + i, "unknown-b", "wrong"));
        }

        for (var i = 0; i < 4; i++)
        {
            var expected = i < 3 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests;
            var k = await HttpAssert.ProblemAsync(known[i], expected);
            var u = await HttpAssert.ProblemAsync(unknown[i], expected);
            Assert.Equal(k.GetProperty("title").GetString(), u.GetProperty("title").GetString());
            Assert.Equal(k.GetProperty("detail").GetString(), u.GetProperty("detail").GetString());
            Assert.Equal(known[i].Headers.RetryAfter?.Delta, unknown[i].Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task SignIn_Backoff_SurvivesServerRestart()
    {
        await ResetAsync("restart-c", "Restart-C-Password-1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.3.1", "restart-c", "wrong")).StatusCode);
        }

        // A second host on the same database: nothing in memory carries over.
        await using var restarted = factory.WithWebHostBuilder(_ => { });
        var c = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await PostLoginAsync(c, "10.0.3.2", "restart-c", "Restart-C-Password-1");
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private Task ResetAsync(string userName, string password) =>
        factory.Services.GetRequiredService<AdminPasswords>().ResetAsync(userName, password);

    private Task<HttpResponseMessage> LoginAsync(string ip, string userName, string password) =>
        PostLoginAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), ip, userName, password);

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string ip, string userName, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_name = userName, password }, options: ServerFactory.Json),
        };
        request.Headers.Add(TestClientIp.HeaderName, ip);
        return client.SendAsync(request);
    }
}
