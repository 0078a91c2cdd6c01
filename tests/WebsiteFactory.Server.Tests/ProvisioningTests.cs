using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Server.Tests.Infrastructure;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Server.Tests;

public sealed class ProvisioningTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    private async Task CreateSiteAsync(string domain) =>
        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain })).StatusCode);

    [Fact]
    public async Task Provision_Returns202Payload_RunsPipeline_SecondStartIsIdempotent()
    {
        await CreateSiteAsync("prov-one.com");
        var response = await _operate.PostAsync("/api/sites/prov-one.com/provision", null);
        var payload = await HttpAssert.JsonAsync<JsonElement>(response, HttpStatusCode.Accepted);
        Assert.Equal("provision-prov-one.com", payload.GetProperty("id").GetString());
        Assert.Equal(payload.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        Assert.Equal(9, payload.EnumerateObject().Count());
        var done = await factory.WaitAsync("provision-prov-one.com");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Contains("\"SiteId\"", done.SerializedInput, StringComparison.OrdinalIgnoreCase);

        await HttpAssert.ProblemAsync(await _operate.PostAsync("/api/sites/unknown-prov.com/provision", null), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync("/api/sites/prov-one.com/provision", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Batch_ProgressShowsPerSiteOutcome_FailuresIsolated()
    {
        await CreateSiteAsync("batch-good.com");
        await CreateSiteAsync("fail-batch.com");
        var payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostJsonAsync("/api/provision", new { domains = new[] { "batch-good.com", "fail-batch.com" } }), HttpStatusCode.Accepted);
        var id = payload.GetProperty("id").GetString()!;
        Assert.StartsWith("batch-", id, StringComparison.Ordinal);
        await factory.WaitAsync(id);

        var progress = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync($"/api/batches/{id}"));
        Assert.Equal(2, progress.GetProperty("total").GetInt32());
        Assert.Equal(1, progress.GetProperty("completed").GetInt32());
        Assert.Equal(1, progress.GetProperty("failed").GetInt32());
        var sites = progress.GetProperty("sites").EnumerateArray().ToDictionary(s => s.GetProperty("domain").GetString()!);
        Assert.Equal("Failed", sites["fail-batch.com"].GetProperty("runtime_status").GetString());
        Assert.False(sites["fail-batch.com"].GetProperty("succeeded").GetBoolean());
        Assert.Equal(TestWorkflows.FailingStep, sites["fail-batch.com"].GetProperty("failed_step").GetString());
        Assert.Contains("Step failed for fail-batch.com", sites["fail-batch.com"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(sites["batch-good.com"].GetProperty("succeeded").GetBoolean());
        Assert.Equal("pending", sites["batch-good.com"].GetProperty("site").GetProperty("status_dns").GetString());
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).GetAsync("/api/batches/no-such-batch"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batch_InvalidRequests_Return400WithFields()
    {
        await HttpAssert.ValidationAsync(await _operate.PostJsonAsync("/api/provision", new { domains = new[] { "nobody-here.com", "bad domain" } }), "domains[0]", "domains[1]");
        await HttpAssert.ValidationAsync(await _operate.PostJsonAsync("/api/provision", new { }), "domains");
        await HttpAssert.ValidationAsync(await _operate.PostJsonAsync("/api/provision", new { domains = new[] { "x.com" }, all_pending = true }), "domains");
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/provision", new { all_pending = true }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Retry_FailedRun_RewindsSameInstance_CompletedStepsNotRerun_SucceedsOnceFixed()
    {
        const string domain = "fail-retry.com";
        const string id = "provision-fail-retry.com";
        await CreateSiteAsync(domain);
        await _operate.PostAsync($"/api/sites/{domain}/provision", null);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await factory.WaitAsync(id)).RuntimeStatus);

        // The failed run is read from the Failed instance: step and reason, and a retry would rewind it.
        var failed = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync($"/api/sites/{domain}/provisioning"));
        Assert.Equal(id, failed.GetProperty("instance_id").GetString());
        Assert.Equal("Failed", failed.GetProperty("runtime_status").GetString());
        Assert.False(failed.GetProperty("succeeded").GetBoolean());
        Assert.Equal(TestWorkflows.FailingStep, failed.GetProperty("failed_step").GetString());
        Assert.Contains($"Step failed for {domain}", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcSECRETdef123456", failed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("rewind", failed.GetProperty("retry").GetString());

        await HttpAssert.ValidationAsync(await _operate.PostAsync($"/api/sites/{domain}/retry?fromStep=launch", null), "fromStep");

        // Still broken: the rewind re-runs only the failed step, which fails again; the instance is Failed again.
        var payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.Accepted);
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await factory.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(1, TestWorkflows.Calls("TestPrepare", domain));
        Assert.Equal(2, TestWorkflows.Calls("TestStep", domain));

        // Fixed: the same instance completes, still without running the completed step again.
        TestWorkflows.Healed[domain] = true;
        payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.Accepted);
        Assert.Equal(id, payload.GetProperty("id").GetString());
        var done = await factory.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"\"ok:{domain}\"", done.SerializedOutput);
        Assert.Equal(1, TestWorkflows.Calls("TestPrepare", domain));
        Assert.Equal(3, TestWorkflows.Calls("TestStep", domain));
        var ok = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync($"/api/sites/{domain}/provisioning"));
        Assert.True(ok.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("failed_step").ValueKind);
        Assert.Equal("start", ok.GetProperty("retry").GetString());

        // Completed: nothing to rewind, so retry runs the whole pipeline again under the same id.
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"/api/sites/{domain}/retry?fromStep=hosting_site", null)).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(2, TestWorkflows.Calls("TestPrepare", domain));
    }

    [Fact]
    public async Task Retry_NoInstance_StartsFreshRun_RunningIs409()
    {
        const string domain = "retry-fresh.com";
        await CreateSiteAsync(domain);
        var none = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync($"/api/sites/{domain}/provisioning"));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("runtime_status").ValueKind);
        Assert.Equal("start", none.GetProperty("retry").GetString());

        var payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.Accepted);
        Assert.Equal($"provision-{domain}", payload.GetProperty("id").GetString());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync($"provision-{domain}")).RuntimeStatus);
        Assert.Equal(1, TestWorkflows.Calls("TestPrepare", domain));

        // A running instance is neither rewound nor restarted.
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", null, new Microsoft.DurableTask.StartOrchestrationOptions($"provision-{domain}"));
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.Conflict);
        var running = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Read).GetAsync($"/api/sites/{domain}/provisioning"));
        Assert.Equal("none", running.GetProperty("retry").GetString());
        await client.RaiseEventAsync($"provision-{domain}", "go", "done");
        await factory.WaitAsync($"provision-{domain}");
        await HttpAssert.ProblemAsync(await _operate.PostAsync("/api/sites/unknown-retry.com/retry", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Teardown_UnknownSite404_OperateScope403_WhileProvisioning409_ThenStarts202()
    {
        const string domain = "teardown-me.com";
        await CreateSiteAsync(domain);
        var admin = factory.Client(ApiScope.Admin);
        await HttpAssert.ProblemAsync(await admin.PostAsync("/api/sites/unknown-teardown.com/teardown", null), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/teardown", null), HttpStatusCode.Forbidden);
        Assert.Equal("Not hosted", (await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/rollback", null), HttpStatusCode.Conflict)).GetProperty("title").GetString());

        // A site being provisioned is not torn down under the pipeline's feet.
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", null, new Microsoft.DurableTask.StartOrchestrationOptions($"provision-{domain}"));
        var busy = await HttpAssert.ProblemAsync(await admin.PostAsync($"/api/sites/{domain}/teardown", null), HttpStatusCode.Conflict);
        Assert.Equal("provision", busy.GetProperty("kind").GetString());
        Assert.Null(await client.GetInstanceAsync($"teardown-{domain}"));
        await client.RaiseEventAsync($"provision-{domain}", "go", "done");
        await factory.WaitAsync($"provision-{domain}");

        var started = await HttpAssert.JsonAsync<JsonElement>(await admin.PostAsync($"/api/sites/{domain}/teardown", null), HttpStatusCode.Accepted);
        Assert.Equal($"teardown-{domain}", started.GetProperty("id").GetString());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync($"teardown-{domain}")).RuntimeStatus);
    }

    [Fact]
    public async Task TeardownRollback_FailedProvisioning_StartsRollback_NotFailed409_RetryAfterItStartsAfresh()
    {
        const string domain = "fail-undo.com";
        await CreateSiteAsync(domain);
        var admin = factory.Client(ApiScope.Admin);
        var nothing = await HttpAssert.ProblemAsync(await admin.PostAsync($"/api/sites/{domain}/teardown?rollback=true", null), HttpStatusCode.Conflict);
        Assert.Equal("Nothing to roll back", nothing.GetProperty("title").GetString());
        await HttpAssert.ValidationAsync(await admin.PostAsync($"/api/sites/{domain}/teardown?rollback=maybe", null), "rollback");

        await _operate.PostAsync($"/api/sites/{domain}/provision", null);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await factory.WaitAsync($"provision-{domain}")).RuntimeStatus);
        Assert.Equal("rewind", (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"/api/sites/{domain}/provisioning"))).GetProperty("retry").GetString());

        var started = await HttpAssert.JsonAsync<JsonElement>(await admin.PostAsync($"/api/sites/{domain}/teardown?rollback=true", null), HttpStatusCode.Accepted);
        Assert.Equal($"teardown-{domain}", started.GetProperty("id").GetString());
        var rollback = await factory.WaitAsync($"teardown-{domain}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, rollback.RuntimeStatus);
        var input = rollback.ReadInputAs<WebsiteFactory.Workflows.Teardown.TeardownSiteInput>()!;
        Assert.StartsWith($"step {TestWorkflows.FailingStep}: Step failed for {domain}", input.RollbackOf, StringComparison.Ordinal);

        // The real rollback opens its audit trail like this; the stand-in does not, so write it as the rollback would.
        var site = (await factory.Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(DomainName.Parse(domain, System.Globalization.CultureInfo.InvariantCulture)))!;
        await factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id, Step = SiteStep.Teardown, Outcome = StepOutcome.Started, Message = "Rollback of the failed provisioning started.", Actor = "test",
        });

        // Rewinding would go on from steps whose resources the rollback removed: the retry starts a fresh run instead.
        Assert.Equal("start", (await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"/api/sites/{domain}/provisioning"))).GetProperty("retry").GetString());
        TestWorkflows.Healed[domain] = true;
        var prepared = TestWorkflows.Calls("TestPrepare", domain);
        await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.Accepted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync($"provision-{domain}")).RuntimeStatus);
        Assert.Equal(prepared + 1, TestWorkflows.Calls("TestPrepare", domain)); // a rewind would not run the first step again
    }

    [Theory]
    [InlineData("redeploy")]
    [InlineData("regenerate")]
    public async Task ContentAction_HostedSite_Returns202AndStartsItsOrchestration_UnhostedIs409(string action)
    {
        var domain = $"{action}-me.com";
        await CreateSiteAsync(domain);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/{action}", null), HttpStatusCode.Conflict);

        var site = await HostedSiteSeeder.HostAsync(factory, domain, action);

        var payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/{action}", null), HttpStatusCode.Accepted);
        Assert.Equal($"{action}-{domain}", payload.GetProperty("id").GetString());
        var done = await factory.WaitAsync($"{action}-{domain}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"\"{action}:{site.Id}\"", done.SerializedOutput);

        await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/unknown-{action}.com/{action}", null), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync($"/api/sites/{domain}/{action}", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task InstanceHistory_HasSpansAndRedactedFailures()
    {
        await CreateSiteAsync("fail-history.com");
        await _operate.PostAsync("/api/sites/fail-history.com/provision", null);
        await factory.WaitAsync("provision-fail-history.com");
        var text = await (await factory.Client(ApiScope.Read).GetAsync("/api/instances/provision-fail-history.com/history")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("abcSECRETdef123456", text, StringComparison.Ordinal);
        var h = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Failed", h.GetProperty("runtime_status").GetString());
        var spans = h.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(["TestPrepare", "TestStep"], spans.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("completed", spans[0].GetProperty("status").GetString());
        var span = spans[1];
        Assert.Equal("failed", span.GetProperty("status").GetString());
        Assert.True(span.GetProperty("duration_ms").GetDouble() >= 0);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).GetAsync("/api/instances/none/history"), HttpStatusCode.NotFound);

        var mgmt = await (await factory.Client(ApiScope.Read).GetAsync("/runtime/webhooks/durabletask/instances/provision-fail-history.com?showHistory=true&showHistoryOutput=true")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("abcSECRETdef123456", mgmt, StringComparison.Ordinal);
        Assert.Contains("TaskFailed", mgmt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_StreamsSiteEventsAsServerSentEvents()
    {
        var site = await factory.Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite { Domain = DomainName.Parse("sse-site.com", System.Globalization.CultureInfo.InvariantCulture) });
        await factory.Services.GetRequiredService<WebsiteFactory.Core.Ports.ISiteStateStore>().RecordStepAsync(
            new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Zone, Outcome = StepOutcome.Succeeded, Message = "zone created", StatusDns = DnsStatus.Pending });

        using var cts = new CancellationTokenSource(TestBounds.RealWork);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events?after=0");
        using var response = await factory.Client(ApiScope.Read).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cts.Token)) is not null && !line.Contains("zone created", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Assert.StartsWith("data: ", line, StringComparison.Ordinal);
        await HttpAssert.ValidationAsync(await factory.Client(ApiScope.Read).GetAsync("/api/events?after=abc"), "after");
    }

    [Fact]
    public async Task Analytics_QueriesAndRun()
    {
        var sites = factory.Services.GetRequiredService<ISiteRepository>();
        var site = await sites.CreateAsync(new NewSite { Domain = DomainName.Parse("stats-site.com", System.Globalization.CultureInfo.InvariantCulture) });
        await factory.Services.GetRequiredService<IAnalyticsRepository>().UpsertAsync(
            [new DailyAnalytics { Date = new DateOnly(2026, 11, 1), SiteId = site.Id, MatomoVisits = 12, GscClicks = 3, GscImpressions = 40 }]);
        var read = factory.Client(ApiScope.Read);

        var rows = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/analytics?from=2026-10-25&to=2026-11-05"));
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal("stats-site.com", row.GetProperty("domain").GetString());
        Assert.Equal(12, row.GetProperty("matomo_visits").GetInt32());
        var totals = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/analytics/totals?from=2026-11-01&to=2026-11-01"));
        Assert.Equal(3, totals.EnumerateArray().Single().GetProperty("gsc_clicks").GetInt64());
        var perSite = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/analytics/sites/stats-site.com?from=2026-11-01&to=2026-11-30"));
        Assert.Equal(1, perSite.GetArrayLength());

        await HttpAssert.ValidationAsync(await read.GetAsync("/api/analytics?from=2026-12-01&to=2026-11-01"), "from");
        await HttpAssert.ValidationAsync(await read.GetAsync("/api/analytics/totals?from=11/01/2026"), "from");
        await HttpAssert.ValidationAsync(await _operate.PostAsync("/api/analytics/run?date=tomorrow", null), "date");
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await HttpAssert.ValidationAsync(await _operate.PostAsync($"/api/analytics/run?date={today}", null), "date"); // not over yet
        await HttpAssert.ProblemAsync(await _operate.PostAsync("/api/analytics/run?date=2026-11-01", null), HttpStatusCode.NotImplemented);
        await HttpAssert.ProblemAsync(await read.PostAsync("/api/analytics/run?date=2026-11-01", null), HttpStatusCode.Forbidden);
    }
}
