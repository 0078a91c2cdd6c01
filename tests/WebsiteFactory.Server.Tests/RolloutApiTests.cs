using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary><c>POST /api/redeploy</c>: the template rollout's start, dry run, validation and scope (a stand-in rollout runs).</summary>
public sealed class RolloutApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    [Fact]
    public async Task Redeploy_ReadScope_Returns403_StartsNothing()
    {
        var before = await RolloutsAsync();

        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/redeploy", new { all = true }), HttpStatusCode.Forbidden);

        Assert.Equal(before, await RolloutsAsync());
    }

    [Fact]
    public async Task Redeploy_InvalidSettings_Returns400NamingEachField()
    {
        var response = await _operate.PostJsonAsync("/api/redeploy", new { all = false, canary = 0, wave_size = 6000, parallel = 0, failure_threshold = 1.5, canary_percent = -1 });

        await HttpAssert.ValidationAsync(response, "all", "canary", "wave_size", "parallel", "canary_percent", "failure_threshold");
        await HttpAssert.ValidationAsync(await _operate.PostJsonAsync("/api/redeploy", new { all = "yes" }), "all");
    }

    [Fact]
    public async Task Redeploy_DryRun_ListsLiveSitesInWavesAndBusySites_StartsNothing()
    {
        foreach (var d in new[] { "dry-a.com", "dry-b.com", "dry-c.com", "dry-d.com", "hold-dry-e.com" })
        {
            await LiveSiteAsync(d);
        }

        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain = "dry-never-deployed.com" })).StatusCode);
        var busy = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync("/api/sites/hold-dry-e.com/redeploy", null), HttpStatusCode.Accepted);
        var before = (await RolloutsAsync()).Count;

        var plan = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostJsonAsync("/api/redeploy", new { all = true, dry_run = true, canary = 1, wave_size = 3 }));

        var live = plan.GetProperty("waves").EnumerateArray().SelectMany(w => w.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!)).ToList();
        Assert.Contains("dry-a.com", live);
        Assert.DoesNotContain("dry-never-deployed.com", live);
        Assert.Equal(plan.GetProperty("total").GetInt32(), live.Count);
        Assert.Equal(live.Order(StringComparer.Ordinal), live);
        var sizes = plan.GetProperty("waves").EnumerateArray().Select(w => w.GetProperty("size").GetInt32()).ToList();
        Assert.Equal(1, sizes[0]);
        Assert.True(sizes.Skip(1).All(s => s is >= 1 and <= 3), string.Join(",", sizes));
        var flagged = Assert.Single(plan.GetProperty("busy").EnumerateArray());
        Assert.Equal(("hold-dry-e.com", "redeploy", busy.GetProperty("id").GetString()), (flagged.GetProperty("domain").GetString(), flagged.GetProperty("kind").GetString(), flagged.GetProperty("instance_id").GetString()));
        Assert.Equal(before, (await RolloutsAsync()).Count);

        await factory.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(busy.GetProperty("id").GetString()!, "go", "done");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync(busy.GetProperty("id").GetString()!)).RuntimeStatus);
    }

    [Fact]
    public async Task Redeploy_All_Returns202WithSettings_SecondStartWhileRunningIs409()
    {
        await LiveSiteAsync("start-a.com");
        var first = await HttpAssert.JsonAsync<JsonElement>(
            await _operate.PostJsonAsync("/api/redeploy", new { all = true, canary = TestWorkflows.RolloutHoldCanary, wave_size = 40, parallel = 4, failure_threshold = 0.2 }),
            HttpStatusCode.Accepted);
        var id = first.GetProperty("id").GetString()!;
        Assert.StartsWith("rollout-", id, StringComparison.Ordinal);
        Assert.Contains(id, first.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);

        var second = await HttpAssert.ProblemAsync(await _operate.PostJsonAsync("/api/redeploy", new { all = true }), HttpStatusCode.Conflict);
        Assert.Equal(id, second.GetProperty("instanceId").GetString());

        await factory.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(id, "go", "done");
        var done = await factory.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"canary=99 wave=40 parallel=4 threshold=0.2 sites=all\"", done.SerializedOutput);

        var next = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostJsonAsync("/api/redeploy", new { all = true }), HttpStatusCode.Accepted);
        Assert.NotEqual(id, next.GetProperty("id").GetString());
        Assert.Equal("\"canary= wave= parallel= threshold= sites=all\"", (await factory.WaitAsync(next.GetProperty("id").GetString()!)).SerializedOutput);
    }

    private async Task<List<string>> RolloutsAsync()
    {
        var list = new List<string>();
        await foreach (var m in factory.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "rollout-" }))
        {
            list.Add(m.InstanceId);
        }

        return list;
    }

    /// <summary>A deployed site with a server and doc root.</summary>
    private async Task LiveSiteAsync(string domain)
    {
        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain })).StatusCode);
        var site = await HostedSiteSeeder.HostAsync(factory, domain, domain);
        await factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Deploy,
            Outcome = StepOutcome.Succeeded,
            Message = "Release 20261201T000000Z-a is live (previous: 00000000T000000Z-initial; kept: 2).",
            Actor = "workflow:test",
            StatusDeployment = DeploymentStatus.Deployed,
        });
    }
}
