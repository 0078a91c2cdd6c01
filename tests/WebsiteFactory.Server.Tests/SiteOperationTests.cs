using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>One mutating operation per site: provision, retry, teardown, rollback, redeploy and regenerate exclude each other.</summary>
public sealed class SiteOperationTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private const string Placeholder = "00000000T000000Z-initial";
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    [Fact]
    public async Task ContentActions_ConcurrentRollbackAndRedeploy_ExactlyOneStarts_OtherIs409NamingIt()
    {
        const string domain = "hold-race.com";
        await HostedSiteAsync(domain, "20261201T000000Z-a", "20261202T000000Z-b");

        // Several rounds: each starts both at once; exactly one is accepted and the other names it.
        for (var round = 0; round < 3; round++)
        {
            var rollback = _operate.PostAsync($"/api/sites/{domain}/rollback", null);
            var redeploy = _operate.PostAsync($"/api/sites/{domain}/redeploy", null);
            var answers = await Task.WhenAll(rollback, redeploy);
            var accepted = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
            var refused = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
            var id = (await HttpAssert.JsonAsync<JsonElement>(accepted, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
            var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal(id, problem.GetProperty("instanceId").GetString());
            Assert.Equal(id.StartsWith("rollback-", StringComparison.Ordinal) ? "rollback" : "redeploy", problem.GetProperty("kind").GetString());
            Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await ReleaseAsync(id);
        }
    }

    [Fact]
    public async Task Provision_WhileRollbackRuns_Is409NamingTheRollback_RetryAndRegenerateToo()
    {
        const string domain = "hold-prov.com";
        const string rollbackId = "rollback-hold-prov.com";
        await HostedSiteAsync(domain, "20261201T000000Z-a", "20261202T000000Z-b");
        Assert.Equal(rollbackId, (await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/rollback", null), HttpStatusCode.Accepted)).GetProperty("id").GetString());

        foreach (var action in new[] { "provision", "retry", "regenerate", "redeploy" })
        {
            var problem = await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/{action}", null), HttpStatusCode.Conflict);
            Assert.Equal(rollbackId, problem.GetProperty("instanceId").GetString());
            Assert.Equal("rollback", problem.GetProperty("kind").GetString());
        }

        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        Assert.Null(await client.GetInstanceAsync($"provision-{domain}"));
        Assert.Null(await client.GetInstanceAsync($"regenerate-{domain}"));

        // A second rollback request joins the running one (same instance), and once it is done provisioning starts.
        Assert.Equal(rollbackId, (await HttpAssert.JsonAsync<JsonElement>(await _operate.PostAsync($"/api/sites/{domain}/rollback", null), HttpStatusCode.Accepted)).GetProperty("id").GetString());
        await ReleaseAsync(rollbackId);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"/api/sites/{domain}/provision", null)).StatusCode);
        await factory.WaitAsync($"provision-{domain}");
    }

    [Fact]
    public async Task Rollback_SiteDeployedOnce_Is409_NothingStarted()
    {
        const string domain = "hold-once.com";
        await HostedSiteAsync(domain, "20261201T000000Z-a");

        var problem = await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/rollback", null), HttpStatusCode.Conflict);
        Assert.Equal("No earlier release", problem.GetProperty("title").GetString());
        Assert.Contains("20261201T000000Z-a", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await factory.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync($"rollback-{domain}"));
    }

    [Fact]
    public async Task Rollback_AfterRollingBackToTheFirstRelease_Is409()
    {
        const string domain = "hold-back.com";
        var site = await HostedSiteAsync(domain, "20261201T000000Z-a", "20261202T000000Z-b");
        await RecordAsync(site, "Rolled back to release 20261201T000000Z-a (was 20261202T000000Z-b).");

        var problem = await HttpAssert.ProblemAsync(await _operate.PostAsync($"/api/sites/{domain}/rollback", null), HttpStatusCode.Conflict);
        Assert.Equal("No earlier release", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Batch_NamingASiteWithARunningRollback_Is409ListingIt_NothingStarted()
    {
        const string domain = "hold-batch.com";
        const string rollbackId = "rollback-hold-batch.com";
        await HostedSiteAsync(domain, "20261201T000000Z-a", "20261202T000000Z-b");
        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain = "batch-free.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"/api/sites/{domain}/rollback", null)).StatusCode);

        var problem = await HttpAssert.ProblemAsync(await _operate.PostJsonAsync("/api/provision", new { domains = new[] { "batch-free.com", domain } }), HttpStatusCode.Conflict);
        var busy = Assert.Single(problem.GetProperty("busy").EnumerateArray());
        Assert.Equal((domain, rollbackId, "rollback"), (busy.GetProperty("domain").GetString(), busy.GetProperty("instanceId").GetString(), busy.GetProperty("kind").GetString()));
        Assert.Contains(rollbackId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Nothing started: no batch, no provisioning of either site.
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        Assert.Empty(await client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "batch-" }).ToListAsync());
        Assert.Null(await client.GetInstanceAsync("provision-batch-free.com"));
        Assert.Null(await client.GetInstanceAsync($"provision-{domain}"));

        // Once the rollback is over the same batch is accepted.
        await ReleaseAsync(rollbackId);
        var accepted = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostJsonAsync("/api/provision", new { domains = new[] { "batch-free.com", domain } }), HttpStatusCode.Accepted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync(accepted.GetProperty("id").GetString()!)).RuntimeStatus);
    }

    [Fact]
    public async Task ManagementRestartRewindAndStart_OfSiteOperationsWhileRollbackRuns_Are409NamingIt()
    {
        const string domain = "hold-mgmt.com";
        const string rollbackId = "rollback-hold-mgmt.com";
        const string provisionId = "provision-hold-mgmt.com";
        const string management = "/runtime/webhooks/durabletask";
        var site = await HostedSiteAsync(domain, "20261201T000000Z-a", "20261202T000000Z-b");

        // A failed provisioning to rewind, then a rollback that holds the site.
        TestWorkflows.Failing[domain] = true;
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"/api/sites/{domain}/provision", null)).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await factory.WaitAsync(provisionId)).RuntimeStatus);
        TestWorkflows.Healed[domain] = true;
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"/api/sites/{domain}/rollback", null)).StatusCode);

        foreach (var request in new[]
        {
            $"{management}/instances/{provisionId}/rewind",
            $"{management}/instances/{provisionId}/restart?restartWithNewInstanceId=false",
        })
        {
            var problem = await HttpAssert.ProblemAsync(await _operate.PostAsync(request, null), HttpStatusCode.Conflict);
            Assert.Equal((rollbackId, "rollback"), (problem.GetProperty("instanceId").GetString(), problem.GetProperty("kind").GetString()));
        }

        var start = await HttpAssert.ProblemAsync(await _operate.PostAsync($"{management}/orchestrators/{WebsiteFactory.Workflows.Content.Redeploy.Name}/redeploy-{domain}", SiteInput(site)), HttpStatusCode.Conflict);
        Assert.Equal(rollbackId, start.GetProperty("instanceId").GetString());

        // A new instance id would hide the operation from the check: refused whatever else runs.
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{management}/instances/{provisionId}/restart", null), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await _operate.PostAsync($"{management}/orchestrators/{WebsiteFactory.Workflows.Content.Redeploy.Name}/other-id", SiteInput(site)), HttpStatusCode.BadRequest);

        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await client.GetInstanceAsync(provisionId))!.RuntimeStatus);
        Assert.Null(await client.GetInstanceAsync($"redeploy-{domain}"));

        // Once the rollback is over, the management rewind goes through and the provisioning completes.
        await ReleaseAsync(rollbackId);
        Assert.Equal(HttpStatusCode.Accepted, (await _operate.PostAsync($"{management}/instances/{provisionId}/rewind", null)).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitForStatusAsync(provisionId, OrchestrationRuntimeStatus.Completed)).RuntimeStatus);
    }

    /// <summary>A site with a server and doc root whose audit trail shows <paramref name="releases"/> going live in order.</summary>
    private async Task<Site> HostedSiteAsync(string domain, params string[] releases)
    {
        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain })).StatusCode);
        var site = await HostedSiteSeeder.HostAsync(factory, domain, domain);

        // The deploy step's own wording: the first switch replaces CloudPanel's placeholder release.
        var previous = Placeholder;
        foreach (var release in releases)
        {
            await RecordAsync(site, $"Release {release} is live (previous: {previous}; kept: 2).");
            previous = release;
        }

        return site;
    }

    /// <summary>An orchestration input naming the site, as the workflows serialise it.</summary>
    private static StringContent SiteInput(Site site) => new($"{{\"SiteId\":\"{site.Id}\"}}", System.Text.Encoding.UTF8, "application/json");

    private Task RecordAsync(Site site, string message) =>
        factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Deploy,
            Outcome = StepOutcome.Succeeded,
            Message = message,
            Actor = "workflow:test",
            StatusDeployment = DeploymentStatus.Deployed,
        });

    private async Task ReleaseAsync(string instanceId)
    {
        await factory.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(instanceId, "go", "done");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await factory.WaitAsync(instanceId)).RuntimeStatus);
    }
}
