using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Tests.Content;

namespace WebsiteFactory.Workflows.Tests.Provisioning;

/// <summary>
/// <see cref="ProvisionSite"/> and <see cref="ProvisionBatch"/> on the durable host against real PostgreSQL, with faked
/// Cloudflare, registrar, DNS, CloudPanel and Matomo: the failure model (a failed step fails the instance after being
/// recorded on the site; a batch isolates its sites).
/// </summary>
public sealed class ProvisionSiteTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string ServerIp = "203.0.113.10"; // the harness's server

    private static readonly ProvisionSettings Fast = new()
    {
        DelegationFirstPoll = TimeSpan.FromMilliseconds(100),
        DelegationMaxPoll = TimeSpan.FromMilliseconds(200),
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
        StepMaxRetry = TimeSpan.FromMilliseconds(200),
        StepMaxAttempts = 2,
        SkipAnalytics = true,
        Publish = false,
    };

    [Fact]
    public async Task ProvisionSite_AllStepsSucceed_CompletesWithDnsAndHostingActive()
    {
        var site = await harness.AddUnprovisionedSiteAsync("wf-provision-ok.com");
        this.VendorsProvision(site.Domain.Value);

        var meta = await harness.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Fast));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        Assert.Equal(new ProvisionSiteResult(site.Id, true, Analytics: "skipped"), meta.ReadOutputAs<ProvisionSiteResult>());
        Assert.Equal(AnalyticsStatus.Skipped, after.AnalyticsStatus);
        Assert.Equal(new ProvisionStatus("done"), meta.ReadCustomStatusAs<ProvisionStatus>());
        Assert.Equal((DnsStatus.Active, HostingStatus.Active), (after.StatusDns, after.StatusHosting));
        Assert.Equal(
            new[] { "zone", "records", "nameservers", "delegation", "hosting_site", "certificate" },
            (await harness.EventsAsync(site.Id)).Where(e => e.Step != "registered" && e.Outcome == "succeeded").Select(e => e.Step));
    }

    [Fact]
    public async Task ProvisionSite_StepFailsPermanently_InstanceFailedNamingStepAndSiteErrorRecorded()
    {
        var site = await harness.AddUnprovisionedSiteAsync("wf-provision-denied.com");
        harness.Cloudflare.EnsureZoneAsync(Arg.Any<CloudflareAccount>(), Arg.Is<DomainName>(d => d.Value == "wf-provision-denied.com"), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("cloudflare", ProviderErrorKind.Permanent, "Cloudflare refused the zone: it is held by another account (1061)."));

        var meta = await harness.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Fast));
        var failure = ContentWorkflowHarness.AssertStepFailed(meta);
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(("zone", "Cloudflare refused the zone: it is held by another account (1061)."), failure);
        Assert.Equal("Cloudflare refused the zone: it is held by another account (1061). [step=zone]", meta.FailureDetails!.ErrorMessage);

        // Recorded on the site before the instance failed: status column, error message, audit event, custom status.
        Assert.Equal(DnsStatus.Failed, after.StatusDns);
        Assert.Contains("held by another account", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(await harness.EventsAsync(site.Id), e => e.Step == "zone" && e.Outcome == "failed" && e.Message.Contains("held by another account", StringComparison.Ordinal));
        Assert.Equal(new ProvisionStatus("zone", "failed"), meta.ReadCustomStatusAs<ProvisionStatus>());
        Assert.Contains("\"step\":\"zone\"", meta.SerializedCustomStatus, StringComparison.Ordinal); // camelCase, as the dashboard reads it

        // Permanent: not retried, and nothing after the zone ran.
        await harness.Cloudflare.Received(1).EnsureZoneAsync(Arg.Any<CloudflareAccount>(), Arg.Is<DomainName>(d => d.Value == "wf-provision-denied.com"), Arg.Any<CancellationToken>());
        await harness.Registrar.DidNotReceive().EnsureNameserversAsync(Arg.Any<RegistrarAccount>(), Arg.Is<DomainName>(d => d.Value == "wf-provision-denied.com"), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ProvisionSite_PublishChildFails_InstanceFailsWithChildStepRecordedOnce()
    {
        var site = await harness.AddUnprovisionedSiteAsync("wf-provision-noniche.com", niche: null);
        this.VendorsProvision(site.Domain.Value);
        var settings = Fast with { Publish = true, Content = new ContentSettings { StepMaxAttempts = 1, SkipSearchConsole = true } };

        var meta = await harness.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, settings), instanceId: "provision-wf-provision-noniche.com");
        var failure = ContentWorkflowHarness.AssertStepFailed(meta);
        var child = await harness.Client.GetInstanceAsync("provision-wf-provision-noniche.com:publish");
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("content", failure.Step);
        Assert.Contains("has no niche", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal(new ProvisionStatus("content", "failed"), meta.ReadCustomStatusAs<ProvisionStatus>());
        Assert.Equal((HostingStatus.Active, ContentStatus.Failed), (after.StatusHosting, after.StatusContent));
        Assert.Single(await harness.EventsAsync(site.Id), e => e.Outcome == "failed");
    }

    [Fact]
    public async Task ProvisionBatch_OneSiteFails_BatchCompletesWithThatSiteFailedAndOthersProvisioned()
    {
        var good1 = await harness.AddUnprovisionedSiteAsync("wf-batch-one.com");
        var bad = await harness.AddUnprovisionedSiteAsync("wf-batch-bad.com");
        var good2 = await harness.AddUnprovisionedSiteAsync("wf-batch-two.com");
        this.VendorsProvision(good1.Domain.Value);
        this.VendorsProvision(bad.Domain.Value);
        this.VendorsProvision(good2.Domain.Value);
        harness.Registrar.EnsureNameserversAsync(Arg.Any<RegistrarAccount>(), Arg.Is<DomainName>(d => d.Value == "wf-batch-bad.com"), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("namecheap", ProviderErrorKind.Permanent, "Namecheap: domain is locked (2030166)."));
        var unknown = Guid.NewGuid();

        var meta = await harness.RunAsync(ProvisionBatch.Name, new ProvisionBatchInput([good1.Id, bad.Id, good2.Id, unknown], Fast, MaxParallel: 2));
        var result = meta.ReadOutputAs<ProvisionBatchResult>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal((2, 2), (result.Succeeded, result.Failed));
        Assert.Equal(new[] { good1.Id, bad.Id, good2.Id, unknown }, result.Sites.Select(s => s.SiteId));
        Assert.Equal(
            new SiteOutcome(bad.Id, "wf-batch-bad.com", "provision-wf-batch-bad.com", false, "nameservers", "Namecheap: domain is locked (2030166).", null),
            result.Sites[1]);
        Assert.All(new[] { result.Sites[0], result.Sites[2] }, s => Assert.Equal((true, null, null), (s.Succeeded, s.FailedStep, s.Error)));
        Assert.Equal((false, $"Site {unknown} does not exist."), (result.Sites[3].Succeeded, result.Sites[3].Error));

        // The failed site's own instance stays Failed (for the portal, the monitor and rewind); the others completed.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await harness.Client.GetInstanceAsync("provision-wf-batch-bad.com"))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Client.GetInstanceAsync("provision-wf-batch-one.com"))!.RuntimeStatus);
        Assert.Equal(DnsStatus.Failed, (await harness.GetSiteAsync(bad.Id)).StatusDns);
        Assert.Equal(HostingStatus.Active, (await harness.GetSiteAsync(good2.Id)).StatusHosting);
    }

    [Fact]
    public async Task ProvisionBatch_SiteWithAnotherOperationActive_ChildFailsNamingIt_SiteUntouched_OthersProvisioned()
    {
        // One operation per site, from the batch's side: the batch schedules its children outside the API's check, so a
        // rollback of one of its sites that is active when the child starts must stop that child before its first step.
        var busy = await harness.AddUnprovisionedSiteAsync("wf-batch-busy.com");
        var free = await harness.AddUnprovisionedSiteAsync("wf-batch-free.com");
        this.VendorsProvision(busy.Domain.Value);
        this.VendorsProvision(free.Domain.Value);
        const string rollbackId = "rollback-wf-batch-busy.com";
        await harness.Client.ScheduleNewOrchestrationInstanceAsync(
            RollbackSite.Name,
            new PublishSiteInput(busy.Id),
            new Microsoft.DurableTask.StartOrchestrationOptions(rollbackId, StartAt: DateTimeOffset.UtcNow.AddHours(1))); // stays Pending: active
        try
        {
            var meta = await harness.RunAsync(ProvisionBatch.Name, new ProvisionBatchInput([busy.Id, free.Id], Fast));
            var result = meta.ReadOutputAs<ProvisionBatchResult>()!;
            var child = await harness.Client.GetInstanceAsync("provision-wf-batch-busy.com", getInputsAndOutputs: true);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
            Assert.Equal((1, 1), (result.Succeeded, result.Failed));
            Assert.False(result.Sites[0].Succeeded);
            Assert.Null(result.Sites[0].FailedStep);
            Assert.Contains("rollback " + rollbackId, result.Sites[0].Error, StringComparison.Ordinal);
            Assert.True(result.Sites[1].Succeeded);

            // The refused child failed naming the rollback, before any step: no vendor call, nothing recorded on the site.
            Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
            Assert.Equal(typeof(SiteBusyException).FullName, child.FailureDetails!.ErrorType);
            await harness.Cloudflare.DidNotReceive().EnsureZoneAsync(Arg.Any<CloudflareAccount>(), Is("wf-batch-busy.com"), Arg.Any<CancellationToken>());
            var after = await harness.GetSiteAsync(busy.Id);
            Assert.Equal((DnsStatus.Pending, (string?)null), (after.StatusDns, after.ErrorMessage));
            Assert.DoesNotContain(await harness.EventsAsync(busy.Id), e => e.Outcome == "failed");
            Assert.Equal(OrchestrationRuntimeStatus.Pending, (await harness.Client.GetInstanceAsync(rollbackId))!.RuntimeStatus);
        }
        finally
        {
            await harness.Client.TerminateInstanceAsync(rollbackId);
        }
    }

    private static DomainName Is(string domain) => Arg.Is<DomainName>(x => x.Value == domain);

    /// <summary>The vendors provision <paramref name="domain"/> at once: zone, records, NS, delegation live, site, A record, certificate.</summary>
    private void VendorsProvision(string domain)
    {
        string[] ns = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
        var zoneId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain)))[..32]; // Cloudflare's id form
        harness.Cloudflare.EnsureZoneAsync(Arg.Any<CloudflareAccount>(), Is(domain), Arg.Any<CancellationToken>())
            .Returns(new CloudflareZone(zoneId, domain, ZoneStatus.Pending, ns, "acc"));
        harness.Cloudflare.GetZoneAsync(Arg.Any<CloudflareAccount>(), zoneId, Arg.Any<CancellationToken>())
            .Returns(new CloudflareZone(zoneId, domain, ZoneStatus.Active, ns, "acc"));
        harness.Registrar.EnsureNameserversAsync(Arg.Any<RegistrarAccount>(), Is(domain), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>()).Returns(true);
        harness.Dns.GetNameserversAsync(Is(domain), Arg.Any<CancellationToken>()).Returns(ns);
        harness.Dns.GetIPv4AddressesAsync(Arg.Is<DomainName>(x => x.Value == domain || x.Value == "www." + domain), Arg.Any<CancellationToken>())
            .Returns([IPAddress.Parse(ServerIp)]);
        harness.CloudPanel.EnsureStaticSiteAsync(Arg.Any<HostingServer>(), Is(domain), Arg.Any<SiteUser>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(c => new CloudPanelSite(domain, c.ArgAt<SiteUser>(2).Value, $"/home/{c.ArgAt<SiteUser>(2).Value}/htdocs/{domain}", true));
        harness.Matomo.EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(7);
    }
}
