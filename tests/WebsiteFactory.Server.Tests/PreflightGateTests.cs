using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>
/// Pre-flight before a batch on the local server (which runs here without vendor adapters, so the secret-age check is the
/// one that applies): a batch whose Cloudflare account's token secret is gone is refused with a 409 problem listing the
/// failing check and nothing started; <c>skip_preflight</c> is admin-only and then starts it; <c>POST /api/preflight</c>
/// reports the same failure.
/// </summary>
public sealed class PreflightGateTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Batch_FailingCheckForItsAccount_Refused409UntilAnAdminSkips()
    {
        var admin = factory.Client(ApiScope.Admin);
        var operate = factory.Client(ApiScope.Operate);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/cloudflare-accounts", new
        {
            email = "gate@example.com", account_nickname = "gate-cf", cloudflare_account_id = new string('f', 32), api_token = "tok-gate",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await operate.PostJsonAsync("/api/sites", new { domain = "gate-one.com" })).StatusCode);

        var report = await HttpAssert.JsonAsync<JsonElement>(await operate.PostJsonAsync("/api/preflight", new { }));
        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());

        var account = await factory.Services.GetRequiredService<ICloudflareAccountRepository>().GetByNicknameAsync("gate-cf");
        await factory.Services.GetRequiredService<ISecretStore>().DeleteAsync(account!.ApiTokenSecretName.Value);

        report = await HttpAssert.JsonAsync<JsonElement>(await operate.PostJsonAsync("/api/preflight", new { }));
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Equal(1, report.GetProperty("failed").GetInt32());

        var problem = await HttpAssert.ProblemAsync(await operate.PostJsonAsync("/api/provision", new { domains = new[] { "gate-one.com" } }), HttpStatusCode.Conflict);
        Assert.Equal("Pre-flight failed", problem.GetProperty("title").GetString());
        var check = Assert.Single(problem.GetProperty("checks").EnumerateArray());
        Assert.Equal(("secret-age", "cloudflare:gate-cf"), (check.GetProperty("name").GetString(), check.GetProperty("target").GetString()));
        Assert.Contains(account.ApiTokenSecretName.Value, check.GetProperty("fix").GetString(), StringComparison.Ordinal);

        await HttpAssert.ProblemAsync(await operate.PostJsonAsync("/api/provision", new { domains = new[] { "gate-one.com" }, skip_preflight = true }), HttpStatusCode.Forbidden);

        var started = await HttpAssert.JsonAsync<JsonElement>(await admin.PostJsonAsync("/api/provision", new { domains = new[] { "gate-one.com" }, skip_preflight = true }), HttpStatusCode.Accepted);
        Assert.StartsWith("batch-", started.GetProperty("id").GetString(), StringComparison.Ordinal);
    }
}
