using System.Net;
using System.Text;
using System.Text.Json;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class ManagementApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private const string Base = "/runtime/webhooks/durabletask";
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    private async Task<JsonElement> StartAsync(string name, string? id = null, string body = "\"hello\"")
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _operate.PostAsync($"{Base}/orchestrators/{name}{(id is null ? "" : "/" + id)}", content);
        var payload = await HttpAssert.JsonAsync<JsonElement>(response, HttpStatusCode.Accepted);
        Assert.Equal(payload.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        Assert.Equal("10", response.Headers.GetValues("Retry-After").Single());
        return payload;
    }

    [Fact]
    public async Task Start_Returns202WithAllNineUrls_SingleBraceTemplates()
    {
        var p = await StartAsync("Echo");
        var id = p.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        var names = p.EnumerateObject().Select(x => x.Name).ToHashSet();
        Assert.Equal(
            new HashSet<string> { "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" },
            names);
        Assert.StartsWith($"http://localhost{Base}/instances/{id}?taskHub=", p.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/instances/{id}/raiseEvent/{{eventName}}?", p.GetProperty("sendEventPostUri").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/instances/{id}/terminate?reason={{text}}&", p.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("{{", p.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(p.GetProperty("statusQueryGetUri").GetString(), p.GetProperty("purgeHistoryDeleteUri").GetString());
    }

    [Fact]
    public async Task Start_UnknownOrchestratorOrBadJson_Returns400_DuplicateRunning_Returns409()
    {
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/orchestrators/NoSuchThing", null), HttpStatusCode.BadRequest);
        using var bad = new StringContent("{not json", Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/orchestrators/Echo", bad), HttpStatusCode.BadRequest);
        await StartAsync("WaitForGo", "dup-running-1");
        using var again = new StringContent("null", Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/orchestrators/WaitForGo/dup-running-1", again), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync($"{Base}/orchestrators/Echo", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Status_Running202_Completed200_Unknown404_WithShowFlags()
    {
        await StartAsync("WaitForGo", "status-1", "\"in\"");
        var running = await _operate.GetAsync($"{Base}/instances/status-1");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("5", running.Headers.GetValues("Retry-After").Single());
        Assert.EndsWith($"{Base}/instances/status-1", running.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var go = new StringContent("\"done\"", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{Base}/instances/status-1/raiseEvent/go", go)).StatusCode);
        await factory.WaitAsync("status-1");

        var done = await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"{Base}/instances/status-1"));
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal("WaitForGo", done.GetProperty("name").GetString());
        Assert.Equal("in", done.GetProperty("input").GetString());
        Assert.Equal("done", done.GetProperty("output").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", done.GetProperty("createdTime").GetString()!);
        Assert.False(done.TryGetProperty("historyEvents", out _));

        var noInput = await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"{Base}/instances/status-1?showInput=false&showHistory=true&showHistoryOutput=true"));
        Assert.Equal(JsonValueKind.Null, noInput.GetProperty("input").ValueKind);
        var history = noInput.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("ExecutionStarted", history[0].GetProperty("EventType").GetString());
        Assert.Equal("WaitForGo", history[0].GetProperty("FunctionName").GetString());
        Assert.Contains(history, e => e.GetProperty("EventType").GetString() == "EventRaised");
        Assert.Equal("ExecutionCompleted", history[^1].GetProperty("EventType").GetString());
        Assert.Equal("done", history[^1].GetProperty("Result").GetString());
        Assert.DoesNotContain(history, e => e.GetProperty("EventType").GetString() is "OrchestratorStarted" or "OrchestratorCompleted");

        var unknown = await _operate.GetAsync($"{Base}/instances/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(string.Empty, await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Status_Failed_200Or500OnRequest_HistoryHasFailure()
    {
        var id = (await StartAsync("AlwaysFails")).GetProperty("id").GetString();
        await factory.WaitAsync(id!);
        Assert.Equal(HttpStatusCode.OK, (await _operate.GetAsync($"{Base}/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await _operate.GetAsync($"{Base}/instances/{id}?returnInternalServerErrorOnFailure=true")).StatusCode);
    }

    [Fact]
    public async Task Query_FiltersByStatusAndPrefix_PagesWithContinuationHeader()
    {
        for (var i = 0; i < 3; i++)
        {
            await factory.WaitAsync((await StartAsync("Echo", $"qry-{i}")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/instances?instanceIdPrefix=qry-&top=2&runtimeStatus=Completed,Bogus&runtimeStatus=Failed");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var response = await _operate.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.TryGetValues("x-ms-continuation-token", out var values));
            token = values.Single();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(page.GetArrayLength() <= 2);
            seen.AddRange(page.EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!));
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(["qry-0", "qry-1", "qry-2"], seen.Order());
        var none = await HttpAssert.JsonAsync<JsonElement>(await _operate.GetAsync($"{Base}/instances?instanceIdPrefix=qry-&runtimeStatus=Running"));
        Assert.Equal(0, none.GetArrayLength());
        await HttpAssert.ValidationAsync(await _operate.GetAsync($"{Base}/instances?createdTimeFrom=yesterday&top=-1"), "createdTimeFrom", "top");
    }

    [Fact]
    public async Task RaiseEvent_Unknown404_Finished410_WrongContentType400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _operate.PostAsync($"{Base}/instances/nope/raiseEvent/go", new StringContent("1", Encoding.UTF8, "application/json"))).StatusCode);
        await factory.WaitAsync((await StartAsync("Echo", "raise-done")).GetProperty("id").GetString()!);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/raise-done/raiseEvent/go", new StringContent("1", Encoding.UTF8, "application/json")), HttpStatusCode.Gone);
        await StartAsync("WaitForGo", "raise-ct");
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/raise-ct/raiseEvent/go", new StringContent("1", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/raise-ct/raiseEvent/go", new StringContent("{x", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TerminateSuspendResume_202_FinishedIs410_Unknown404_ReadScope403()
    {
        await StartAsync("WaitForGo", "ctl-1");
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync($"{Base}/instances/ctl-1/terminate", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{Base}/instances/ctl-1/suspend?reason=pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{Base}/instances/ctl-1/RESUME?reason=go", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{Base}/instances/ctl-1/terminate?reason=stop", null)).StatusCode);
        var m = await factory.WaitAsync("ctl-1");
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Terminated, m.RuntimeStatus);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/ctl-1/terminate", null), HttpStatusCode.Gone);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/ctl-1/suspend", null), HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.NotFound, (await _operate.PostAsync($"{Base}/instances/nope/terminate", null)).StatusCode);
    }

    [Fact]
    public async Task Rewind_Failed202_OtherStatus412_Restart202_Unknown400()
    {
        var failed = (await StartAsync("AlwaysFails", "rw-1")).GetProperty("id").GetString()!;
        await factory.WaitAsync(failed);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{Base}/instances/{failed}/rewind?reason=again", null)).StatusCode);

        await factory.WaitAsync((await StartAsync("Echo", "rw-2")).GetProperty("id").GetString()!);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/rw-2/rewind", null), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NotFound, (await _operate.PostAsync($"{Base}/instances/rw-none/rewind", null)).StatusCode);

        var restarted = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"{Base}/instances/rw-2/restart", null), HttpStatusCode.Accepted);
        Assert.NotEqual("rw-2", restarted.GetProperty("id").GetString());
        var same = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"{Base}/instances/rw-2/restart?restartWithNewInstanceId=false", null), HttpStatusCode.Accepted);
        Assert.Equal("rw-2", same.GetProperty("id").GetString());
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{Base}/instances/rw-none/restart", null), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Purge_Running412_Done200_Unknown404_ByFilterNeedsFrom_AdminOnly()
    {
        var admin = factory.Client(ApiScope.Admin);
        await StartAsync("WaitForGo", "purge-running");
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"{Base}/instances/purge-running"), HttpStatusCode.PreconditionFailed);
        await factory.WaitAsync((await StartAsync("Echo", "purge-done")).GetProperty("id").GetString()!);
        await HttpAssert.ProblemAsync(await _operate.DeleteAsync($"{Base}/instances/purge-done"), HttpStatusCode.Forbidden);
        var purged = await HttpAssert.JsonAsync<JsonElement>(await admin.DeleteAsync($"{Base}/instances/purge-done"));
        Assert.Equal(1, purged.GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Base}/instances/purge-done")).StatusCode);

        await HttpAssert.ValidationAsync(await admin.DeleteAsync($"{Base}/instances"), "createdTimeFrom");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Base}/instances?createdTimeFrom=2000-01-01T00:00:00Z&createdTimeTo=2000-01-02T00:00:00Z")).StatusCode);
        await factory.WaitAsync((await StartAsync("Echo", "purge-many")).GetProperty("id").GetString()!);
        var many = await HttpAssert.JsonAsync<JsonElement>(await admin.DeleteAsync($"{Base}/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Completed"));
        Assert.True(many.GetProperty("instancesDeleted").GetInt32() >= 1);
    }

    [Fact]
    public async Task UnknownManagementRoute_404NoBody_AndRequiresAuth()
    {
        var r = await _operate.GetAsync($"{Base}/entities/foo");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(string.Empty, await r.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync($"{Base}/instances")).StatusCode);
    }

    [Fact]
    public async Task CodeQueryParameter_AuthenticatesOnWebhookRoutesOnly()
    {
        var anon = factory.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"{Base}/instances?code={factory.Key(ApiScope.Read)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/api/sites?code={factory.Key(ApiScope.Read)}")).StatusCode);
    }
}
