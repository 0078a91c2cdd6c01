using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class SitesTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    private async Task<JsonElement> CreateAsync(string domain, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["domain"] = domain, ["brand"] = "Brand " + domain, ["niche"] = "gardening" };
        var response = await _operate.PostJsonAsync("/api/sites", body);
        return await HttpAssert.JsonAsync<JsonElement>(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_Valid_Returns201WithLocationAndPendingStatuses()
    {
        var response = await _operate.PostJsonAsync("/api/sites", new { domain = "Create-Valid.COM", brand = "B", language = "pt-BR" });
        var site = await HttpAssert.JsonAsync<JsonElement>(response, HttpStatusCode.Created);
        Assert.Equal("/api/sites/create-valid.com", response.Headers.Location!.OriginalString);
        Assert.Equal("create-valid.com", site.GetProperty("domain").GetString());
        Assert.Equal("pending", site.GetProperty("status_dns").GetString());
        Assert.Equal("not_started", site.GetProperty("progress").GetString());
        Assert.Equal("pt-BR", site.GetProperty("language").GetString());
    }

    [Fact]
    public async Task List_Lifecycle_DeletedHiddenByDefault_FilterAndAllShowIt_BadValue400()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var d in new[] { $"lc-live-{tag}.com", $"lc-gone-{tag}.com", $"lc-err-{tag}.com" })
        {
            await CreateAsync(d);
        }

        var store = factory.Services.GetRequiredService<WebsiteFactory.Core.Ports.ISiteStateStore>();
        var repo = factory.Services.GetRequiredService<WebsiteFactory.Core.Ports.Stores.ISiteRepository>();
        async Task SetAsync(string domain, WebsiteFactory.Core.Domain.SiteLifecycle lifecycle) => await store.RecordStepAsync(new WebsiteFactory.Core.Domain.SiteStepUpdate
        {
            SiteId = (await repo.GetByDomainAsync(WebsiteFactory.Core.Domain.DomainName.Parse(domain, System.Globalization.CultureInfo.InvariantCulture)))!.Id,
            Step = WebsiteFactory.Core.Domain.SiteStep.Teardown,
            Outcome = WebsiteFactory.Core.Domain.StepOutcome.Info,
            Actor = "test",
            Lifecycle = lifecycle,
        });
        await SetAsync($"lc-gone-{tag}.com", WebsiteFactory.Core.Domain.SiteLifecycle.Deleted);
        await SetAsync($"lc-err-{tag}.com", WebsiteFactory.Core.Domain.SiteLifecycle.Error);

        async Task<string[]> DomainsAsync(string extra) =>
            [.. (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"/api/sites?search=lc-&limit=1000{extra}"))).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("domain").GetString()!).Where(d => d.EndsWith($"-{tag}.com", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        Assert.Equal([$"lc-err-{tag}.com", $"lc-live-{tag}.com"], await DomainsAsync(string.Empty));
        Assert.Equal([$"lc-gone-{tag}.com"], await DomainsAsync("&lifecycle=deleted"));
        Assert.Equal([$"lc-err-{tag}.com", $"lc-gone-{tag}.com"], await DomainsAsync("&lifecycle=deleted,error"));
        Assert.Equal([$"lc-err-{tag}.com", $"lc-gone-{tag}.com", $"lc-live-{tag}.com"], await DomainsAsync("&lifecycle=all"));
        var deleted = (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"/api/sites?search=lc-gone-{tag}&lifecycle=deleted"))).GetProperty("items")[0];
        Assert.Equal("deleted", deleted.GetProperty("lifecycle").GetString());
        await HttpAssert.ValidationAsync(await _operate.GetAsync("/api/sites?lifecycle=gone"), "lifecycle");
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400PerField_AndWritesNothing()
    {
        var response = await _operate.PostJsonAsync("/api/sites", new { domain = "not a domain", language = "english!", brand = new string('x', 300) });
        await HttpAssert.ValidationAsync(response, "domain", "language", "brand");
        var list = await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync("/api/sites?search=not"));
        Assert.Equal(0, list.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Create_WrongJsonType_Returns400NamingField()
    {
        using var content = new StringContent("""{"domain": 42}""", Encoding.UTF8, "application/json");
        await HttpAssert.ValidationAsync(await _operate.PostAsync("/api/sites", content), "domain");
    }

    [Fact]
    public async Task Create_UnknownAccount_Returns400_Duplicate_Returns409()
    {
        await HttpAssert.ProblemAsync(await _operate.PostJsonAsync("/api/sites", new { domain = "unknown-ref.com", server_id = Guid.NewGuid() }), HttpStatusCode.BadRequest);
        await CreateAsync("dup-site.com");
        await HttpAssert.ProblemAsync(await _operate.PostJsonAsync("/api/sites", new { domain = "DUP-site.com" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_ReadScope_Returns403()
    {
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/sites", new { domain = "read-only.com" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ByDomainIdnOrId_ReturnsSite_UnknownIs404_MalformedIs400()
    {
        var created = await CreateAsync("xn--bcher-kva.com");
        var read = factory.Client(ApiScope.Read);
        Assert.Equal("bücher.com", (await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/sites/bücher.com"))).GetProperty("domain_unicode").GetString());
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/sites/{created.GetProperty("id").GetString()}")).StatusCode);
        await HttpAssert.ProblemAsync(await read.GetAsync("/api/sites/missing-site.com"), HttpStatusCode.NotFound);
        await HttpAssert.ValidationAsync(await read.GetAsync("/api/sites/bad_domain!"), "domain");
    }

    [Fact]
    public async Task List_FiltersSearchAndPages()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync($"pagetest{i}.org");
        }

        var read = factory.Client(ApiScope.Read);
        var page = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/sites?search=pagetest&limit=2&offset=2&order_by=domain"));
        Assert.Equal(5, page.GetProperty("total_count").GetInt64());
        Assert.Equal(["pagetest2.org", "pagetest3.org"], page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("domain").GetString()));
        Assert.True(page.GetProperty("has_more").GetBoolean());

        var none = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/sites?search=pagetest&progress=failed"));
        Assert.Equal(0, none.GetProperty("total_count").GetInt64());
        await HttpAssert.ValidationAsync(await read.GetAsync("/api/sites?limit=0&progress=weird&status_dns=x&server_id=nope"), "limit", "progress", "status_dns", "server_id");

        var summary = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/sites/summary"));
        Assert.True(summary.TryGetProperty("not_started", out _));
    }

    [Fact]
    public async Task Update_ReplacesEditableFields_InvalidIs400_DomainChangeIs400()
    {
        await CreateAsync("update-me.net");
        var updated = await HttpAssert.JsonAsync<JsonElement>(await _operate.PutJsonAsync("/api/sites/update-me.net", new { brand = "New brand", niche = "tea", language = "de" }));
        Assert.Equal("New brand", updated.GetProperty("brand").GetString());
        Assert.Equal("de", updated.GetProperty("language").GetString());
        await HttpAssert.ValidationAsync(await _operate.PutJsonAsync("/api/sites/update-me.net", new { language = "??" }), "language");
        await HttpAssert.ValidationAsync(await _operate.PutJsonAsync("/api/sites/update-me.net", new { domain = "other.net" }), "domain");
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PutJsonAsync("/api/sites/update-me.net", new { brand = "x" }), HttpStatusCode.Forbidden);
        Assert.Equal("New brand", (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync("/api/sites/update-me.net"))).GetProperty("brand").GetString());
    }

    [Fact]
    public async Task Delete_AdminOnly()
    {
        await CreateAsync("delete-me.net");
        await HttpAssert.ProblemAsync(await _operate.DeleteAsync("/api/sites/delete-me.net"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await factory.Client(ApiScope.Admin).DeleteAsync("/api/sites/delete-me.net")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operate.GetAsync("/api/sites/delete-me.net")).StatusCode);
    }

    [Fact]
    public async Task Import_Csv_AllValid_CreatesAll()
    {
        const string csv = "domain,brand,niche,language\r\nimport-a.com,\"Brand, A\",tea,en\nimport-b.com,B,,\n";
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var result = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync("/api/sites/import", content), HttpStatusCode.Created);
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal("Brand, A", (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync("/api/sites/import-a.com"))).GetProperty("brand").GetString());
    }

    [Fact]
    public async Task Import_Csv_OneBadRow_Returns400PerRow_AndImportsNothing()
    {
        const string csv = "domain,server\nbatch-ok-1.com,\nnot_valid,\nbatch-ok-2.com,no-such-server\n";
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ValidationAsync(await _operate.PostAsync("/api/sites/import", content), "rows[2].domain", "rows[3].server");
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _operate.GetAsync("/api/sites/batch-ok-1.com")).StatusCode);
    }

    [Fact]
    public async Task Import_Json_ArrayOrObject_UnknownHeaderAndMediaTypeRejected()
    {
        var ok = await _operate.PostJsonAsync("/api/sites/import", new { sites = new[] { new { domain = "json-import-1.com" }, new { domain = "json-import-2.com" } } });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);

        using var badHeader = new StringContent("domain,colour\nx.com,red\n", Encoding.UTF8, "text/csv");
        await HttpAssert.ValidationAsync(await _operate.PostAsync("/api/sites/import", badHeader), "header");
        using var xml = new StringContent("<sites/>", Encoding.UTF8, "application/xml");
        await HttpAssert.ProblemAsync(await _operate.PostAsync("/api/sites/import", xml), HttpStatusCode.UnsupportedMediaType);
        using var empty = new StringContent("domain\n", Encoding.UTF8, "text/csv");
        await HttpAssert.ValidationAsync(await _operate.PostAsync("/api/sites/import", empty), "rows");
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/sites/import", new[] { new { domain = "r.com" } }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Events_ListsAuditTrail_UnknownSite404()
    {
        await CreateAsync("events-site.com");
        var events = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync("/api/sites/events-site.com/events"));
        Assert.Equal(JsonValueKind.Array, events.ValueKind);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).GetAsync("/api/sites/nowhere-site.com/events"), HttpStatusCode.NotFound);
        await HttpAssert.ValidationAsync(await factory.Client(ApiScope.Read).GetAsync("/api/sites/events-site.com/events?limit=0"), "limit");
    }
}
