using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Tests.Content;

namespace WebsiteFactory.Workflows.Tests.Provisioning;

/// <summary>
/// Matomo is non-blocking but never silent (issue 13): <see cref="ProvisionSite"/> completes without waiting for Matomo,
/// the site shows analytics pending/failed, <see cref="AnalyticsRetry"/> keeps retrying on durable timers, and the
/// nightly run reconciles what is left. On the embedded engine against real PostgreSQL, with a faked Matomo.
/// </summary>
public sealed class AnalyticsRetryTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string ServerIp = "203.0.113.10";

    private static readonly ProvisionSettings Fast = new()
    {
        DelegationFirstPoll = TimeSpan.FromMilliseconds(100),
        DelegationMaxPoll = TimeSpan.FromMilliseconds(200),
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
        StepMaxRetry = TimeSpan.FromMilliseconds(200),
        StepMaxAttempts = 2,
        AnalyticsFirstRetry = TimeSpan.FromMilliseconds(100),
        AnalyticsMaxRetry = TimeSpan.FromMilliseconds(300),
        AnalyticsMaxAttempts = 5,
        Publish = false,
    };

    [Fact]
    public async Task ProvisionSite_MatomoFailsFirstCalls_CompletesPendingThenBackgroundRetryEndsOk()
    {
        // The finding: before, this run completed with a warning, no retry ran, and the site never got a Matomo site.
        const string domain = "wf-matomo-flaky.com";
        var site = await harness.AddUnprovisionedSiteAsync(domain);
        this.VendorsProvision(domain);
        harness.Matomo.EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(
            _ => throw new ProviderException("matomo", ProviderErrorKind.Transient, "Matomo is unreachable (503)."),
            _ => throw new ProviderException("matomo", ProviderErrorKind.Transient, "Matomo is unreachable (503)."),
            _ => Task.FromResult(41));

        var meta = await harness.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Fast), instanceId: SiteInstanceIds.Provision(domain));
        var result = meta.ReadOutputAs<ProvisionSiteResult>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal("pending", result.Analytics);
        Assert.Contains("Matomo is unreachable (503)", result.AnalyticsWarning, StringComparison.Ordinal);
        Assert.Contains(SiteInstanceIds.Analytics(domain), result.AnalyticsWarning, StringComparison.Ordinal);

        var retry = await WaitAsync(SiteInstanceIds.Analytics(domain));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.True(retry.RuntimeStatus == OrchestrationRuntimeStatus.Completed, retry.FailureDetails?.ErrorMessage);
        Assert.Equal(new AnalyticsRetryResult(site.Id, 41, 3), retry.ReadOutputAs<AnalyticsRetryResult>());
        Assert.Equal((AnalyticsStatus.Ok, 41, 3, (string?)null), (after.AnalyticsStatus, after.MatomoSiteId, after.AnalyticsAttempts, after.AnalyticsError));
        await harness.Matomo.Received(3).EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>());
        var events = (await harness.EventsAsync(site.Id)).Where(e => e.Step == "analytics").ToList();
        Assert.Equal(2, events.Count(e => e.Outcome == "warning"));
        Assert.Single(events, e => e.Outcome == "succeeded");
    }

    [Fact]
    public async Task ProvisionSite_MatomoRejectsToken_AnalyticsFailedWithReasonAndSiteLiveNotComplete()
    {
        const string domain = "wf-matomo-denied.com";
        var site = await harness.AddUnprovisionedSiteAsync(domain);
        this.VendorsProvision(domain);
        harness.Matomo.EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("matomo", ProviderErrorKind.Permanent, "Matomo rejected the token."));

        var meta = await harness.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Fast), instanceId: SiteInstanceIds.Provision(domain));
        var result = meta.ReadOutputAs<ProvisionSiteResult>()!;
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal("failed", result.Analytics);
        Assert.Equal((AnalyticsStatus.Failed, "Matomo rejected the token.", 1), (after.AnalyticsStatus, after.AnalyticsError, after.AnalyticsAttempts));
        Assert.Null(after.MatomoSiteId);
        Assert.Null(await harness.Client.GetInstanceAsync(SiteInstanceIds.Analytics(domain))); // permanent: no pointless retries
        await harness.Matomo.Received(1).EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>());

        // Once the rest of the pipeline is done, the site is "live" (served, not tracked), never plain "complete".
        await this.MarkPublishedAsync(site.Id);
        Assert.Contains(await this.ProgressAsync(SiteProgressFilter.Live), s => s.Id == site.Id);
        Assert.DoesNotContain(await this.ProgressAsync(SiteProgressFilter.Complete), s => s.Id == site.Id);
    }

    [Fact]
    public async Task AnalyticsRetry_MatomoAlwaysDown_GivesUpAfterMaxAttemptsWithReasonRecorded()
    {
        const string domain = "wf-matomo-down.com";
        var site = await harness.AddUnprovisionedSiteAsync(domain); // hosting not active: the nightly reconcile leaves it alone
        harness.Matomo.EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("matomo", ProviderErrorKind.Transient, "Matomo did not answer."));

        var meta = await harness.RunAsync(AnalyticsRetry.Name, new AnalyticsRetryInput(site.Id, Fast with { AnalyticsMaxAttempts = 3 }, PreviousAttempts: 1), SiteInstanceIds.Analytics(domain));
        var failure = ContentWorkflowHarness.AssertStepFailed(meta);
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(("analytics", "Matomo site not created after 3 attempts: Matomo did not answer."), failure);
        Assert.Equal((AnalyticsStatus.Failed, 4), (after.AnalyticsStatus, after.AnalyticsAttempts));
        Assert.Equal("Matomo site not created after 3 attempts: Matomo did not answer.", after.AnalyticsError);
        Assert.Null(after.ErrorMessage); // the site's blocking state is untouched
        await harness.Matomo.Received(3).EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task NightlyAnalytics_SiteWithAnalyticsFailed_ReconcileRestartsRetryWhichEndsOk()
    {
        const string domain = "wf-matomo-reconcile.com";
        var site = await harness.AddSiteAsync(domain); // hosting active, no Matomo site: analytics pending
        await harness.Services.GetRequiredService<Core.Ports.ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id, Step = SiteStep.Analytics, Outcome = StepOutcome.Failed, AnalyticsStatus = AnalyticsStatus.Failed,
            AnalyticsError = "Matomo rejected the token.", AnalyticsAttempts = 6,
        });
        harness.Matomo.EnsureSiteAsync(Is(domain), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(52);

        var nightly = await harness.RunAsync(NightlyAnalytics.Name, new NightlyAnalyticsInput());
        var retry = await WaitAsync(SiteInstanceIds.Analytics(domain));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, nightly.RuntimeStatus);
        Assert.True(retry.RuntimeStatus == OrchestrationRuntimeStatus.Completed, retry.FailureDetails?.ErrorMessage);
        Assert.Equal((AnalyticsStatus.Ok, 52, 7), (after.AnalyticsStatus, after.MatomoSiteId, after.AnalyticsAttempts));
    }

    private static DomainName Is(string domain) => Arg.Is<DomainName>(x => x.Value == domain);

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await harness.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    private async Task<IReadOnlyList<Site>> ProgressAsync(SiteProgressFilter progress) =>
        (await harness.Services.GetRequiredService<ISiteRepository>().ListAsync(new SiteQuery { Progress = progress, Limit = SiteQuery.MaxLimit })).Items;

    private async Task MarkPublishedAsync(Guid siteId) =>
        await harness.Services.GetRequiredService<Core.Ports.ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = siteId, Step = SiteStep.SearchConsole, Outcome = StepOutcome.Succeeded,
            StatusContent = ContentStatus.Generated, StatusDeployment = DeploymentStatus.Deployed, GscVerificationStatus = GscVerificationStatus.Verified,
        });

    /// <summary>The vendors provision <paramref name="domain"/> at once (Matomo is set up by each test).</summary>
    private void VendorsProvision(string domain)
    {
        string[] ns = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
        var zoneId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain)))[..32];
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
    }
}
