using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// The non-blocking Matomo step against the Matomo simulator with injected faults (issue 13): provisioning completes,
/// the background retry (<see cref="AnalyticsRetry"/>) finishes the job, and a domain never gets two Matomo sites.
/// </summary>
public sealed class AnalyticsEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private static readonly ProvisionSettings Settings = ProvisioningHarness.FastSettings with
    {
        AnalyticsFirstRetry = TimeSpan.FromMilliseconds(200),
        AnalyticsMaxRetry = TimeSpan.FromMilliseconds(500),
        AnalyticsMaxAttempts = 5,
    };

    [Fact]
    public async Task ProvisionSite_MatomoAddSiteFailsTwice_SiteEndsAnalyticsOkWithOneMatomoSite()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync("matomo-flaky.com");
        h.Simulators.State.Matomo.FailNextCalls(2, "SitesManager.addSite"); // not retried inside a call: each failure costs an attempt

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Settings), SiteInstanceIds.Provision("matomo-flaky.com"));
        var retry = await WaitAsync(h, SiteInstanceIds.Analytics("matomo-flaky.com"));
        var after = await h.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal("pending", run.ReadOutputAs<ProvisionSiteResult>()!.Analytics);
        Assert.True(retry.RuntimeStatus == OrchestrationRuntimeStatus.Completed, retry.FailureDetails?.ErrorMessage);
        Assert.Equal((AnalyticsStatus.Ok, 3), (after.AnalyticsStatus, after.AnalyticsAttempts));
        Assert.NotNull(after.MatomoSiteId);
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites("https://matomo-flaky.com"));
    }

    [Fact]
    public async Task ProvisionSite_MatomoTimesOutAfterCreatingTheSite_RetryFindsItAndCreatesNoSecond()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync("matomo-lost-answer.com");
        h.Simulators.State.Matomo.LoseNextAddSiteAnswers(1); // Matomo adds the site, the answer is a 504

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Settings), SiteInstanceIds.Provision("matomo-lost-answer.com"));
        var retry = await WaitAsync(h, SiteInstanceIds.Analytics("matomo-lost-answer.com"));
        var after = await h.GetSiteAsync(site.Id);

        Assert.Equal("pending", run.ReadOutputAs<ProvisionSiteResult>()!.Analytics);
        Assert.True(retry.RuntimeStatus == OrchestrationRuntimeStatus.Completed, retry.FailureDetails?.ErrorMessage);
        Assert.Equal(AnalyticsStatus.Ok, after.AnalyticsStatus);
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites("https://matomo-lost-answer.com"));
        Assert.Equal(retry.ReadOutputAs<AnalyticsRetryResult>()!.MatomoSiteId, after.MatomoSiteId);
    }

    [Fact]
    public async Task ProvisionSite_MatomoRejectsToken_AnalyticsFailedWithReasonAndNoMatomoSite()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var site = await h.AddSiteAsync("matomo-bad-token.com");
        await h.Secrets.SetAsync("matomo-token", "not-the-token");

        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, Settings), SiteInstanceIds.Provision("matomo-bad-token.com"));
        var result = run.ReadOutputAs<ProvisionSiteResult>()!;
        var after = await h.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus); // hosting is live: Matomo never blocks
        Assert.Equal("failed", result.Analytics);
        Assert.Equal(AnalyticsStatus.Failed, after.AnalyticsStatus);
        Assert.Contains("Matomo refused the token", after.AnalyticsError, StringComparison.Ordinal);
        Assert.Null(after.MatomoSiteId);
        Assert.Equal(0, h.Simulators.State.Matomo.CountSites("https://matomo-bad-token.com"));
        await h.AssertNoVisibleSecretsAsync([SiteInstanceIds.Provision("matomo-bad-token.com")]);
    }

    private static async Task<OrchestrationMetadata> WaitAsync(ProvisioningHarness h, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await h.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }
}
