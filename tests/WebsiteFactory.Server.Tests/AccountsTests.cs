using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class AccountsTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private const string Fingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    private const string PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";
    private readonly HttpClient _admin = factory.Client(ApiScope.Admin);
    private ISecretStore Secrets => factory.Services.GetRequiredService<ISecretStore>();

    [Fact]
    public async Task Cloudflare_Create_StoresTokenInSecretStore_NeverReturnsIt()
    {
        var response = await _admin.PostJsonAsync("/api/cloudflare-accounts", new { email = "ops@example.com", account_nickname = "cf-main", cloudflare_account_id = new string('a', 32), api_token = "cf-token-value-123" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain("cf-token-value-123", text, StringComparison.Ordinal);
        var account = JsonDocument.Parse(text).RootElement;
        var secretName = account.GetProperty("api_token_secret_name").GetString()!;
        Assert.Equal("cf-token-value-123", await Secrets.GetAsync(secretName));

        var list = await (await factory.Client(ApiScope.Read).GetAsync("/api/cloudflare-accounts")).Content.ReadAsStringAsync();
        Assert.Contains("cf-main", list, StringComparison.Ordinal);
        Assert.DoesNotContain("cf-token-value-123", list, StringComparison.Ordinal);

        // Rotate on update; other fields replaced.
        var id = account.GetProperty("id").GetString();
        var updated = await HttpAssert.JsonAsync<JsonElement>(await _admin.PutJsonAsync($"/api/cloudflare-accounts/{id}", new { email = "ops2@example.com", account_nickname = "cf-main", cloudflare_account_id = new string('b', 32), api_token = "rotated-token-456" }));
        Assert.Equal("ops2@example.com", updated.GetProperty("email").GetString());
        Assert.Equal("rotated-token-456", await Secrets.GetAsync(secretName));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/cloudflare-accounts/{id}")).StatusCode);
        Assert.Null(await Secrets.TryGetAsync(secretName));
        await HttpAssert.ProblemAsync(await _admin.GetAsync($"/api/cloudflare-accounts/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cloudflare_Invalid_Returns400PerField_AndWritesNoSecret()
    {
        var before = await (await _admin.GetAsync("/api/cloudflare-accounts")).Content.ReadAsStringAsync();
        var response = await _admin.PostJsonAsync("/api/cloudflare-accounts", new { email = "nope", account_nickname = "", cloudflare_account_id = "XYZ" });
        await HttpAssert.ValidationAsync(response, "email", "account_nickname", "cloudflare_account_id", "api_token");
        Assert.Equal(before, await (await _admin.GetAsync("/api/cloudflare-accounts")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cloudflare_OperateOrRead_CannotWrite()
    {
        var body = new { email = "a@example.com", account_nickname = "denied", cloudflare_account_id = new string('c', 32), api_token = "t" };
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Operate).PostJsonAsync("/api/cloudflare-accounts", body), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/cloudflare-accounts", body), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/api/cloudflare-accounts")).StatusCode);
    }

    [Fact]
    public async Task Registrar_NamecheapNeedsIpAndUser_SpaceshipNeedsSecret()
    {
        await HttpAssert.ValidationAsync(await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "namecheap", account_nickname = "nc", api_key = "k" }), "api_user", "client_ip");
        await HttpAssert.ValidationAsync(await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "spaceship", account_nickname = "ss", api_key = "k" }), "api_secret");
        await HttpAssert.ValidationAsync(await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "godaddy", account_nickname = "gd", api_key = "k" }), "provider");

        var nc = await HttpAssert.JsonAsync<JsonElement>(await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "namecheap", account_nickname = "nc-main", api_user = "ncuser", client_ip = "203.0.113.7", api_key = "nc-key-1" }), HttpStatusCode.Created);
        Assert.Equal("namecheap", nc.GetProperty("provider").GetString());
        Assert.Equal("nc-key-1", await Secrets.GetAsync(nc.GetProperty("api_key_secret_name").GetString()!));

        var ss = await HttpAssert.JsonAsync<JsonElement>(await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "spaceship", account_nickname = "ss-main", api_key = "ss-key", api_secret = "ss-secret" }), HttpStatusCode.Created);
        Assert.Equal("ss-secret", await Secrets.GetAsync(ss.GetProperty("api_secret_secret_name").GetString()!));
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Operate).DeleteAsync($"/api/registrar-accounts/{ss.GetProperty("id").GetString()}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/registrar-accounts/{ss.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task Gsc_CreateUpdateDelete()
    {
        await HttpAssert.ValidationAsync(await _admin.PostJsonAsync("/api/gsc-accounts", new { email = "g@example.com", account_nickname = "g" }), "credentials");
        var g = await HttpAssert.JsonAsync<JsonElement>(await _admin.PostJsonAsync("/api/gsc-accounts", new { email = "g@example.com", account_nickname = "gsc-1", oauth_client_id = "client-1", oauth_client_secret = "shh", credentials = "{\"refresh_token\":\"r\"}" }), HttpStatusCode.Created);
        Assert.Equal("client-1", g.GetProperty("oauth_client_id").GetString());
        Assert.Equal("shh", await Secrets.GetAsync(g.GetProperty("oauth_client_secret_name").GetString()!));
        var id = g.GetProperty("id").GetString();
        var u = await HttpAssert.JsonAsync<JsonElement>(await _admin.PutJsonAsync($"/api/gsc-accounts/{id}", new { email = "g2@example.com", account_nickname = "gsc-1" }));
        Assert.Equal("g2@example.com", u.GetProperty("email").GetString());
        await HttpAssert.ProblemAsync(await _admin.PutJsonAsync($"/api/gsc-accounts/{Guid.NewGuid()}", new { email = "g2@example.com", account_nickname = "x" }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/gsc-accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Servers_CreateStoresKey_ValidatesFingerprintAndKey()
    {
        await HttpAssert.ValidationAsync(
            await _admin.PostJsonAsync("/api/servers", new { name = "s", address = "bad address!", ssh_user = "Root", host_key_fingerprint = "MD5:aa:bb", ssh_private_key = "not a key", ssh_port = 70000 }),
            "address", "ssh_user", "host_key_fingerprint", "ssh_private_key", "ssh_port");
        var s = await HttpAssert.JsonAsync<JsonElement>(
            await _admin.PostJsonAsync("/api/servers", new { name = "cp-1", address = "127.0.0.1", public_ip = "203.0.113.10", ssh_user = "wf", host_key_fingerprint = Fingerprint, ssh_private_key = PrivateKey }),
            HttpStatusCode.Created);
        Assert.Equal(22, s.GetProperty("ssh_port").GetInt32());
        Assert.Equal(Fingerprint, s.GetProperty("host_key_fingerprint").GetString());
        Assert.Equal(PrivateKey, await Secrets.GetAsync(s.GetProperty("ssh_key_secret_name").GetString()!));
        Assert.DoesNotContain("PRIVATE KEY", (await (await _admin.GetAsync("/api/servers")).Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // A server in use by a site cannot be deleted.
        var id = s.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostJsonAsync("/api/sites", new { domain = "uses-server.com", server_id = id })).StatusCode);
        await HttpAssert.ProblemAsync(await _admin.DeleteAsync($"/api/servers/{id}"), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Operate).PostJsonAsync("/api/servers", new { name = "x" }), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.4.5")]
    public async Task Servers_PublicIpNotDottedQuad_Returns400NamingPublicIp(string publicIp)
    {
        var body = await HttpAssert.ValidationAsync(
            await _admin.PostJsonAsync("/api/servers", new { name = "cp-ip-" + publicIp, address = "cp.example.net", public_ip = publicIp, ssh_user = "wf", host_key_fingerprint = Fingerprint, ssh_private_key = PrivateKey }),
            "public_ip");
        Assert.Single(body.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task Servers_AddressOne_Returns400NamingAddress()
    {
        await HttpAssert.ValidationAsync(
            await _admin.PostJsonAsync("/api/servers", new { name = "cp-addr-1", address = "1", ssh_user = "wf", host_key_fingerprint = Fingerprint, ssh_private_key = PrivateKey }),
            "address");
    }

    [Fact]
    public async Task Servers_RootSshUserByDefault_Returns400NamingSshUser()
    {
        var body = await HttpAssert.ValidationAsync(
            await _admin.PostJsonAsync("/api/servers", new { name = "cp-root", address = "203.0.113.20", ssh_user = "root", host_key_fingerprint = Fingerprint, ssh_private_key = PrivateKey }),
            "ssh_user");
        Assert.Contains("Servers:AllowRootSsh", body.GetProperty("errors").GetProperty("ssh_user")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registrar_ClientIpNotDottedQuad_Returns400NamingClientIp()
    {
        await HttpAssert.ValidationAsync(
            await _admin.PostJsonAsync("/api/registrar-accounts", new { provider = "namecheap", account_nickname = "nc-ip", api_user = "u", client_ip = "127.1", api_key = "k" }),
            "client_ip");
    }
}

public sealed class AllowRootSshFactory : ServerFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Servers:AllowRootSsh"] = "true" };
}

public sealed class AllowRootSshTests(AllowRootSshFactory factory) : IClassFixture<AllowRootSshFactory>
{
    [Fact]
    public async Task Servers_RootSshUserWhenAllowed_IsCreated()
    {
        var s = await HttpAssert.JsonAsync<JsonElement>(
            await factory.Client(ApiScope.Admin).PostJsonAsync("/api/servers", new
            {
                name = "cp-root",
                address = "203.0.113.21",
                ssh_user = "root",
                host_key_fingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
                ssh_private_key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n",
            }),
            HttpStatusCode.Created);
        Assert.Equal("root", s.GetProperty("ssh_user").GetString());
    }
}
