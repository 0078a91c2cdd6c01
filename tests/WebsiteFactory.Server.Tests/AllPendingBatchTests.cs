using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Server.Tests.Infrastructure;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Tests;

/// <summary>
/// <c>POST /api/provision</c> with <c>all_pending</c>: a torn-down site (or one whose teardown left orphans) looks "not
/// started" again but is not waiting, so it is skipped; only active sites that have not started are batched. Its own
/// server (database), so no other test's sites count as pending.
/// </summary>
public sealed class AllPendingBatchTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _operate = factory.Client(ApiScope.Operate);

    [Fact]
    public async Task Batch_AllPending_SkipsDeletedAndErrorSites_OnlyDeletedLeft400()
    {
        await CreateAsync("ap-deleted.com");
        await SetLifecycleAsync("ap-deleted.com", SiteLifecycle.Deleted);

        // Only a torn-down site is "not started": nothing is waiting.
        await HttpAssert.ValidationAsync(await _operate.PostJsonAsync("/api/provision", new { all_pending = true }), "all_pending");

        foreach (var d in new[] { "ap-one.com", "ap-two.com", "ap-error.com", "ap-started.com" })
        {
            await CreateAsync(d);
        }

        await SetLifecycleAsync("ap-error.com", SiteLifecycle.Error);
        await factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = await IdAsync("ap-started.com"), Step = SiteStep.Zone, Outcome = StepOutcome.Succeeded, Actor = "test", StatusDns = DnsStatus.Active,
        });

        var payload = await HttpAssert.JsonAsync<JsonElement>(await _operate.PostJsonAsync("/api/provision", new { all_pending = true }), HttpStatusCode.Accepted);
        var id = payload.GetProperty("id").GetString()!;
        var batch = await factory.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(id, getInputsAndOutputs: true);
        var input = batch!.ReadInputAs<ProvisionBatchInput>()!;

        Assert.Equal(
            new[] { await IdAsync("ap-one.com"), await IdAsync("ap-two.com") }.Order(),
            input.SiteIds.Order());
        await factory.WaitAsync(id);
    }

    private async Task CreateAsync(string domain) =>
        Assert.Equal(HttpStatusCode.Created, (await _operate.PostJsonAsync("/api/sites", new { domain })).StatusCode);

    private async Task<Guid> IdAsync(string domain) =>
        (await factory.Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(DomainName.Parse(domain, CultureInfo.InvariantCulture)))!.Id;

    private async Task SetLifecycleAsync(string domain, SiteLifecycle lifecycle) =>
        await factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = await IdAsync(domain), Step = SiteStep.Teardown, Outcome = StepOutcome.Info, Actor = "test", Lifecycle = lifecycle,
        });
}
