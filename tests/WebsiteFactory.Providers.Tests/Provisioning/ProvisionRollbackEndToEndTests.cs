using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Teardown;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// <see cref="ProvisionSettings.RollbackOnFailure"/>: a provisioning that fails after the zone and records exist (the
/// registrar refuses the nameservers) runs the teardown steps when the setting is on, and keeps what it made when off.
/// </summary>
public sealed class ProvisionRollbackEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task ProvisionSite_FailsAfterZoneAndRecords_RollbackOn_SimulatorHoldsNothing_SiteActiveAndNotProvisioned()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        h.Simulators.State.Namecheap.AddForeignDomain("rolled.com");
        var site = await h.AddSiteAsync("rolled.com");
        var id = SiteInstanceIds.Provision("rolled.com");

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings with { RollbackOnFailure = true }), id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus); // it still failed, for the registrar's reason
        Assert.True(SiteStepFailedException.TryRead(run.FailureDetails, out var step, out _));
        Assert.Equal("nameservers", step);
        Assert.Equal(0, h.Simulators.State.Cloudflare.CountZones("rolled.com"));
        Assert.Equal(0, h.Simulators.State.Cloudflare.CountRecords("rolled.com"));
        Assert.Equal(0, h.Simulators.State.Cloudflare.CountZones());

        var child = await h.Client.GetInstanceAsync(SiteInstanceIds.RollbackChildOf(id), getInputsAndOutputs: true);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.True(child.ReadOutputAs<TeardownSiteResult>()!.Succeeded);

        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(SiteLifecycle.Active, after.Lifecycle); // still wanted, just not provisioned
        Assert.Null(after.CloudflareZoneId);
        Assert.Empty(after.RecordIds);
        Assert.Equal(DnsStatus.Pending, after.StatusDns);
        Assert.Contains("rolled back", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("step nameservers", after.ErrorMessage, StringComparison.Ordinal);
        var events = await h.Services.GetRequiredService<ISiteEventLog>().ListForSiteAsync(site.Id, 500);
        Assert.Contains(events, e => e.Step == SiteStep.Teardown && e.Outcome == StepOutcome.Started && e.Message!.StartsWith("Rollback of the failed provisioning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProvisionSite_FailsAfterZoneAndRecords_RollbackOff_ZoneAndRecordsKept()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        h.Simulators.State.Namecheap.AddForeignDomain("kept.com");
        var site = await h.AddSiteAsync("kept.com");
        var id = SiteInstanceIds.Provision("kept.com");

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings), id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.False(ProvisioningHarness.FastSettings.RollbackOnFailure); // the default
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountZones("kept.com"));
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountRecords("kept.com", "A", "kept.com"));
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountRecords("kept.com", "CNAME", "www.kept.com"));
        Assert.Null(await h.Client.GetInstanceAsync(SiteInstanceIds.RollbackChildOf(id)));
        var after = await h.GetSiteAsync(site.Id);
        Assert.NotNull(after.CloudflareZoneId);
        Assert.Equal(DnsStatus.Failed, after.StatusDns);
        Assert.DoesNotContain("rolled back", after.ErrorMessage ?? string.Empty, StringComparison.Ordinal);
    }
}
