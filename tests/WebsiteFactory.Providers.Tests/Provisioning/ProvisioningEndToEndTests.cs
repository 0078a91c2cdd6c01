using Microsoft.DurableTask.Client;
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
        var run = await h.RunAsync(ProvisionBatch.Name, input, "batch-1", seconds: 300);
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

        // A step's final failure is recorded on the site, then fails the instance naming the step.
        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, settings), "slow-1");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.True(SiteStepFailedException.TryRead(run.FailureDetails, out var step, out var reason));
        Assert.Equal("delegation", step);
        Assert.Contains("Delegation not confirmed", reason, StringComparison.Ordinal);
        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(DnsStatus.Failed, after.StatusDns);
        Assert.Equal(HostingStatus.Pending, after.StatusHosting);
        Assert.Contains("Delegation not confirmed", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("public NS", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(h.Clpctl.Calls); // no hosting work before DNS is live
    }

    [Fact]
    public async Task Rewind_FailedProvisioning_RerunsOnlyTheFailedStepOnward_SucceedsOnceFixed()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync("rewind-me.com");
        var id = SiteInstanceIds.Provision("rewind-me.com");

        // The Namecheap key is wrong: zone and records are done, the nameservers step fails for good.
        await h.Secrets.SetAsync("nc-key", "not-the-key");
        var failed = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings), id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.True(SiteStepFailedException.TryRead(failed.FailureDetails, out var step, out _));
        Assert.Equal("nameservers", step);
        Assert.Equal(DnsStatus.Failed, (await h.GetSiteAsync(site.Id)).StatusDns);
        var zoneCalls = h.VendorCalls.Count(IsZoneOrRecordCall);
        Assert.True(zoneCalls > 0);
        var callsBefore = h.VendorCalls.All.Count;

        // Fix the cause, then rewind the same instance (what POST /api/sites/{site}/retry and wf retry do).
        await h.Secrets.SetAsync("nc-key", "sim-namecheap-key");
        await h.Client.RewindInstanceAsync(id, "key fixed");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await WaitUntilFinishedAgainAsync(h, id, failed.LastUpdatedAt, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<ProvisionSiteResult>()!.Succeeded);
        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(DnsStatus.Active, after.StatusDns);
        Assert.Equal(HostingStatus.Active, after.StatusHosting);

        // Zone and records were not run again: no Cloudflare zone or record call since the failure, one zone in all.
        var since = h.VendorCalls.All.Skip(callsBefore).ToList();
        Assert.DoesNotContain(since, IsZoneOrRecordCall);
        Assert.Equal(zoneCalls, h.VendorCalls.Count(IsZoneOrRecordCall));
        Assert.Contains(since, c => c.Contains("/namecheap/", StringComparison.Ordinal)); // the nameservers step ran again
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountZones("rewind-me.com"));
        Assert.Single(h.Clpctl.Calls, c => c.StartsWith("site:add:static", StringComparison.Ordinal));
        var history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(1, history.OfType<DurableTask.Core.History.TaskScheduledEvent>().Count(e => e.Name == WebsiteFactory.Workflows.Provisioning.Activities.EnsureZoneActivity.Name));
    }

    /// <summary>Cloudflare calls only the zone and records steps make: zone lookup/creation and DNS records.</summary>
    private static bool IsZoneOrRecordCall(string call) =>
        call.Contains("/dns_records", StringComparison.Ordinal) || call.StartsWith("POST ", StringComparison.Ordinal) && call.EndsWith("/zones", StringComparison.Ordinal);

    /// <summary>Waits until the rewound instance has run again and finished (it stays Failed until a worker takes up the rewind).</summary>
    private static async Task<OrchestrationMetadata> WaitUntilFinishedAgainAsync(ProvisioningHarness h, string id, DateTimeOffset failedAt, CancellationToken ct)
    {
        while (true)
        {
            var m = await h.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct);
            if (m.RuntimeStatus != OrchestrationRuntimeStatus.Failed || m.LastUpdatedAt > failedAt)
            {
                return m;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }
}
