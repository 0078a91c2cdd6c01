using WebsiteFactory.Core.Domain;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// ProvisionSite and ProvisionBatch on the embedded engine against the simulators, a real sshd running the clpctl
/// stand-in, and real PostgreSQL.
/// </summary>
public sealed class ProvisioningEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task ProvisionSite_PendingSite_AllActive_AndRerunCreatesNoDuplicates()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync("e2e-one.com");

        var first = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings), "run-1");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        var result = first.ReadOutputAs<ProvisionSiteResult>()!;
        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.AnalyticsWarning);

        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(DnsStatus.Active, after.StatusDns);
        Assert.Equal(HostingStatus.Active, after.StatusHosting);
        Assert.NotNull(after.CloudflareZoneId);
        Assert.Equal(2, after.AssignedNameservers.Count);
        Assert.Equal(2, after.RecordIds.Count);
        Assert.NotNull(after.MatomoSiteId);
        Assert.Equal($"{h.Clpctl.HomeDirectory}/{after.SiteUser}/htdocs/e2e-one.com", after.HostingDocRoot);
        Assert.True(Directory.Exists(after.HostingDocRoot));
        Assert.True(string.IsNullOrEmpty(after.ErrorMessage));
        Assert.Contains("done", first.SerializedCustomStatus, StringComparison.Ordinal);

        // Re-run the whole pipeline: nothing new is created anywhere.
        var second = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings), "run-2");
        Assert.True(second.ReadOutputAs<ProvisionSiteResult>()!.Succeeded);
        var cf = h.Simulators.State.Cloudflare;
        Assert.Equal(1, cf.CountZones("e2e-one.com"));
        Assert.Equal(1, cf.CountRecords("e2e-one.com", "A"));
        Assert.Equal(1, cf.CountRecords("e2e-one.com", "CNAME"));
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites("https://e2e-one.com"));
        Assert.Single(h.Clpctl.Sites);
        Assert.Single(h.Clpctl.Calls, c => c.StartsWith("site:add:static", StringComparison.Ordinal));
        Assert.Single(h.Clpctl.Certificates);
        Assert.Equal(0, cf.RateLimitedCount);

        await h.AssertNoVisibleSecretsAsync(["run-1", "run-2"]);
    }

    [Fact]
    public async Task ProvisionBatch_RegistrarFailure_IsIsolatedAndReported()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        h.Simulators.State.Namecheap.AddForeignDomain("not-ours.com");
        var ok1 = await h.AddSiteAsync("batch-ok-one.com");
        var ok2 = await h.AddSiteAsync("batch-ok-two.io", spaceship: true);
        var bad = await h.AddSiteAsync("not-ours.com");

        // A half-provisioned site: its zone exists already (an earlier crashed run); the batch must adopt it.
        var input = new ProvisionBatchInput([ok1.Id, ok2.Id, bad.Id], ProvisioningHarness.FastSettings with { SkipAnalytics = false }, MaxParallel: 2);
        var run = await h.RunAsync(ProvisionBatch.Name, input, "batch-1", seconds: 120);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var report = run.ReadOutputAs<ProvisionBatchResult>()!;
        Assert.Equal(2, report.Succeeded);
        Assert.Equal(1, report.Failed);
        var failed = Assert.Single(report.Sites, s => !s.Succeeded);
        Assert.Equal(bad.Id, failed.SiteId);
        Assert.Equal("nameservers", failed.FailedStep);
        Assert.Equal("provision-not-ours.com", failed.InstanceId);
        Assert.Contains("2016166", failed.Error, StringComparison.Ordinal);

        var badSite = await h.GetSiteAsync(bad.Id);
        Assert.Equal(DnsStatus.Failed, badSite.StatusDns);
        Assert.Contains("not in Namecheap account", badSite.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(DnsStatus.Active, (await h.GetSiteAsync(ok1.Id)).StatusDns);
        Assert.Equal(HostingStatus.Active, (await h.GetSiteAsync(ok2.Id)).StatusHosting);

        await h.AssertNoVisibleSecretsAsync(["batch-1", "provision-batch-ok-one.com", "provision-batch-ok-two.io", "provision-not-ours.com"]);
    }

    [Fact]
    public async Task ProvisionSite_DelegationNeverLive_GivesUpWithDnsFailedAndClearReason()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server, o => o.DnsPropagationDelay = TimeSpan.FromHours(1));
        var site = await h.AddSiteAsync("slow-dns.com");
        var settings = ProvisioningHarness.FastSettings with { DelegationTimeout = TimeSpan.FromSeconds(3) };

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, settings), "slow-1");
        var result = run.ReadOutputAs<ProvisionSiteResult>()!;
        Assert.False(result.Succeeded);
        Assert.Equal("delegation", result.FailedStep);
        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(DnsStatus.Failed, after.StatusDns);
        Assert.Equal(HostingStatus.Pending, after.StatusHosting);
        Assert.Contains("Delegation not confirmed", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("public NS", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(h.Clpctl.Calls); // no hosting work before DNS is live
    }
}
