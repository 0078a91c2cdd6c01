using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class AuthTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Health_WithoutCredentials_Returns200()
    {
        var c = factory.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Api_WithoutCredentials_Returns401Problem()
    {
        var response = await factory.Anonymous().GetAsync("/api/sites");
        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("wf_notarealkeyatall")]
    [InlineData("wf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Api_WithUnknownOrMalformedKey_Returns401(string key)
    {
        var c = factory.Anonymous();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_InXApiKeyHeader_Authenticates()
    {
        var c = factory.Anonymous();
        c.DefaultRequestHeaders.Add("X-Api-Key", factory.Key(ApiScope.Read));
        var me = await HttpAssert.JsonAsync<JsonElement>(await c.GetAsync("/api/auth/me"));
        Assert.Equal("api_key", me.GetProperty("method").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ApiKey_StoredOnlyAsSha256Hash()
    {
        await using var conn = new NpgsqlConnection(factory.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT key_hash, key_prefix FROM wf.api_keys WHERE name = 'test-Admin'", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(ApiKeyFormat.Hash(factory.Key(ApiScope.Admin)), (byte[])r[0]);
        Assert.Equal(factory.Key(ApiScope.Admin)[..10], r.GetString(1));
    }

    [Fact]
    public async Task ReadScope_Write_Returns403()
    {
        var response = await factory.Client(ApiScope.Read).PostJsonAsync("/api/sites", new { domain = "scope-denied.com" });
        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401()
    {
        var response = await factory.Anonymous().PostJsonAsync("/api/auth/login", new { user_name = "admin", password = "nope" });
        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_MissingFields_Returns400WithFields()
    {
        var response = await factory.Anonymous().PostJsonAsync("/api/auth/login", new { });
        await HttpAssert.ValidationAsync(response, "user_name", "password");
    }

    [Fact]
    public async Task Cookie_WriteWithoutCsrfHeader_Returns403_WithHeaderSucceeds()
    {
        var c = factory.Anonymous();
        var login = await c.PostJsonAsync("/api/auth/login", new { user_name = "admin", password = ServerFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("wf_session=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/sites")).StatusCode);
        var denied = await c.PostJsonAsync("/api/sites", new { domain = "csrf-check.com" });
        var problem = await HttpAssert.ProblemAsync(denied, HttpStatusCode.Forbidden);
        Assert.Contains(CookieWriteGuard.HeaderName, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = JsonContent.Create(new { domain = "csrf-check.com" }) };
        request.Headers.Add(CookieWriteGuard.HeaderName, "1");
        Assert.Equal(HttpStatusCode.Created, (await c.SendAsync(request)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await c.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { CookieWriteGuard.HeaderName, "1" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_CreateListRevoke_KeyShownOnceAndStopsWorking()
    {
        var admin = factory.Client(ApiScope.Admin);
        var created = await HttpAssert.JsonAsync<JsonElement>(await admin.PostJsonAsync("/api/api-keys", new { name = "ci-key", scope = "operate" }), HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("info").GetProperty("id").GetString();
        Assert.StartsWith("wf_", key, StringComparison.Ordinal);

        var list = await (await admin.GetAsync("/api/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Contains("ci-key", list, StringComparison.Ordinal);

        var user = factory.Anonymous();
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_InvalidScope_Returns400_OperateCaller_Returns403()
    {
        await HttpAssert.ValidationAsync(await factory.Client(ApiScope.Admin).PostJsonAsync("/api/api-keys", new { name = "", scope = "root" }), "name", "scope");
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Operate).PostJsonAsync("/api/api-keys", new { name = "x", scope = "read" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_PasswordStoredHashed_NotInClear()
    {
        await using var conn = new NpgsqlConnection(factory.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT password_hash FROM wf.users WHERE user_name = 'admin'", conn);
        var hash = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain(ServerFactory.AdminPassword, hash, StringComparison.Ordinal);
        Assert.True(hash.Length > 40);
    }

    [Fact]
    public async Task Oidc_NotConfigured_ProvidersSaysLocalOnly_LoginRoute404()
    {
        var providers = await HttpAssert.JsonAsync<JsonElement>(await factory.Anonymous().GetAsync("/api/auth/providers"));
        Assert.False(providers.GetProperty("oidc").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Anonymous().GetAsync("/api/auth/oidc/login")).StatusCode);
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetSchemeAsync(AuthPolicies.OidcScheme));
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).GetAsync("/api/nope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApi_Document_ListsRoutes()
    {
        var doc = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/sites", out _));
        Assert.True(paths.TryGetProperty("/api/sites/{site}/provision", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_WithoutCredentials_Returns401Problem()
    {
        await HttpAssert.ProblemAsync(await factory.Anonymous().GetAsync("/openapi/v1.json"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiRoute_WrongMethod_Returns405ProblemWithAllow()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/servers");
        var response = await factory.Client(ApiScope.Admin).SendAsync(request);

        var body = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("PATCH", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiRoute_WrongMethodOnTemplateWithParameter_Returns405Problem()
    {
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Admin).PostJsonAsync($"/api/servers/{Guid.NewGuid()}", new { }), HttpStatusCode.MethodNotAllowed);
    }
}

public sealed class GeneratedAdminFactory : ServerFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Authentication:Admin:InitialPassword"] = string.Empty,
        ["Server:AuthPermitsPerMinute"] = "3",
        ["Authentication:Oidc:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
        ["Authentication:Oidc:ClientId"] = "11111111-2222-3333-4444-555555555555",
        ["Authentication:Oidc:DefaultScope"] = "operate",
    };
}

public sealed class GeneratedAdminTests(GeneratedAdminFactory factory) : IClassFixture<GeneratedAdminFactory>
{
    [Fact]
    public async Task FirstStart_PrintsGeneratedPasswordOnce_AndItSignsIn_ThenLoginIsRateLimited()
    {
        var printed = Assert.Single(factory.Console.Lines);
        var password = printed.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("password:", StringComparison.Ordinal))["password:".Length..].Trim();
        Assert.Equal(20, password.Length);

        var c = factory.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await c.PostJsonAsync("/api/auth/login", new { user_name = "admin", password })).StatusCode);
        var other = factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostJsonAsync("/api/auth/login", new { user_name = "admin", password = "wrong" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostJsonAsync("/api/auth/login", new { user_name = "nobody", password = "wrong" })).StatusCode);
        var limited = await other.PostJsonAsync("/api/auth/login", new { user_name = "admin", password });
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Oidc_Configured_SchemeUsesCodeFlowWithPkce()
    {
        var providers = await HttpAssert.JsonAsync<JsonElement>(await factory.Anonymous().GetAsync("/api/auth/providers"));
        Assert.True(providers.GetProperty("oidc").GetBoolean());
        var o = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(AuthPolicies.OidcScheme);
        Assert.Equal("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0", o.Authority);
        Assert.Equal("11111111-2222-3333-4444-555555555555", o.ClientId);
        Assert.Equal("code", o.ResponseType);
        Assert.True(o.UsePkce);
        Assert.Equal("Cookies", o.SignInScheme);
        Assert.Equal("/signin-oidc", o.CallbackPath);
    }
}
