using System.Net;
using System.Text;
using System.Text.Json;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Functions.Tests;

/// <summary>
/// The generated HTTP functions run the shared handlers in the worker's own container: same status, content type and
/// JSON as the local server for the same request on the same database; the same 401; App Service users only when the
/// setting trusts their header.
/// </summary>
public sealed class ApiFunctionTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    private static HttpFunction Function(string method, string template) =>
        FunctionsMetadata.Http.Single(f => f.Methods.Contains(method) && f.Template == template);

    [Fact]
    public async Task ListSites_WithAnApiKey_AnswersTheServersJson()
    {
        var created = await hosts.InvokeAsync(hosts.Worker, Function("POST", "/api/sites").EntryPoint, "POST", "/api/sites", hosts.Bearer(ApiScope.Operate), """{"domain":"parity-one.com"}""");
        Assert.True(created.Status == 201, created.Body);

        using var server = hosts.ServerClient(ApiScope.Read);
        var local = await server.GetAsync("/api/sites?limit=50");
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("GET", "/api/sites").EntryPoint, "GET", "/api/sites?limit=50", hosts.Bearer(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(200, azure.Status);
        Assert.Equal(local.Content.Headers.ContentType?.ToString(), azure.ContentType);
        Assert.Equal(await local.Content.ReadAsStringAsync(), azure.Body);
        Assert.Contains("parity-one.com", azure.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSite_ByRouteValue_AnswersTheServersJson()
    {
        await hosts.InvokeAsync(hosts.Worker, Function("POST", "/api/sites").EntryPoint, "POST", "/api/sites", hosts.Bearer(ApiScope.Operate), """{"domain":"parity-two.com"}""");

        using var server = hosts.ServerClient(ApiScope.Read);
        var local = await server.GetStringAsync("/api/sites/parity-two.com");
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("GET", "/api/sites/{site}").EntryPoint, "GET", "/api/sites/parity-two.com", hosts.Bearer(ApiScope.Read));

        Assert.Equal(200, azure.Status);
        Assert.Equal(local, azure.Body);
        Assert.Equal("parity-two.com", azure.Json().GetProperty("domain").GetString());
    }

    [Fact]
    public async Task CreateSite_InvalidBody_AnswersTheServersValidationProblem()
    {
        const string body = """{"domain":"not a domain"}""";
        using var server = hosts.ServerClient(ApiScope.Operate);
        var local = await server.PostAsync("/api/sites", new StringContent(body, Encoding.UTF8, "application/json"));
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("POST", "/api/sites").EntryPoint, "POST", "/api/sites", hosts.Bearer(ApiScope.Operate), body);

        Assert.Equal((int)local.StatusCode, azure.Status);
        Assert.Equal(400, azure.Status);
        Assert.Equal("application/problem+json", azure.ContentType);
        var expected = JsonDocument.Parse(await local.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(expected.GetProperty("errors").GetRawText(), azure.Json().GetProperty("errors").GetRawText());
    }

    [Fact]
    public async Task ListSites_WithoutCredentials_Answers401LikeTheServer()
    {
        using var server = hosts.ServerClient(null);
        var local = await server.GetAsync("/api/sites");
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("GET", "/api/sites").EntryPoint, "GET", "/api/sites");

        Assert.Equal(HttpStatusCode.Unauthorized, local.StatusCode);
        Assert.Equal(401, azure.Status);
        Assert.Equal(local.Content.Headers.ContentType?.MediaType, azure.ContentType);
        var expected = JsonDocument.Parse(await local.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(expected.GetProperty("title").GetString(), azure.Json().GetProperty("title").GetString());
    }

    [Fact]
    public async Task ListSites_WithAnUnknownKey_Answers401()
    {
        var unknown = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ApiKeyFormat.Generate() };
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("GET", "/api/sites").EntryPoint, "GET", "/api/sites", unknown);
        Assert.Equal(401, azure.Status);
    }

    [Fact]
    public async Task ApiKeys_WithAClientPrincipalHeader_AreRefusedWhileEasyAuthIsOff()
    {
        var azure = await hosts.InvokeAsync(hosts.Worker, Function("GET", "/api/api-keys").EntryPoint, "GET", "/api/api-keys", Principal("admin"));
        Assert.Equal(401, azure.Status);
    }

    [Fact]
    public async Task ApiKeys_WithAnAdminAppServiceUser_AnswerWhenEasyAuthIsOn()
    {
        var worker = hosts.BuildWorker(new Dictionary<string, string?> { ["Authentication:EasyAuth:Enabled"] = "true" });
        var keys = Function("GET", "/api/api-keys").EntryPoint;

        var admin = await hosts.InvokeAsync(worker, keys, "GET", "/api/api-keys", Principal("admin"));
        var reader = await hosts.InvokeAsync(worker, keys, "GET", "/api/api-keys", Principal("read"));
        var me = await hosts.InvokeAsync(worker, Function("GET", "/api/auth/me").EntryPoint, "GET", "/api/auth/me", Principal("operate"));

        Assert.True(admin.Status == 200, admin.Body);
        Assert.Contains("test-Admin", admin.Body, StringComparison.Ordinal);
        Assert.Equal(403, reader.Status);
        Assert.Equal(200, me.Status);
        Assert.Equal("easy_auth", me.Json().GetProperty("method").GetString());
        Assert.Equal(["read", "operate"], me.Json().GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    /// <summary>The header App Service authentication adds for an Entra ID user with one app role.</summary>
    private static Dictionary<string, string> Principal(string role)
    {
        var json = $$"""
            {"auth_typ":"aad","name_typ":"name","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"name","val":"Ada"},{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"oid-1"},
                       {"typ":"roles","val":"{{role}}"}]}
            """;
        return new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) };
    }
}
