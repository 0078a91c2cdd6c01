using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// One attempt at step 7, the Matomo site (look up by URL, else create), recorded on the site either way: success →
/// analytics <c>ok</c> with the Matomo site id; failure → analytics <c>pending</c> with the reason and the attempt count,
/// then the failure is thrown (permanent errors as <see cref="PermanentStepException"/>) so the caller decides: the
/// background retry (<see cref="AnalyticsRetry"/>) waits and tries again, or records <c>failed</c>.
/// </summary>
/// <remarks>
/// Idempotent: a site that already has a Matomo id makes no vendor call, and <see cref="IMatomoClient.EnsureSiteAsync"/>
/// looks the URL up before it adds a site, so an attempt repeated after a lost answer (a timeout after Matomo created
/// the site) finds that site instead of creating a second one.
/// </remarks>
[DurableTask(Name)]
public sealed class EnsureAnalyticsActivity(ProvisioningLookups lookups, IMatomoClient matomo, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<AnalyticsAttemptInput, int>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_EnsureAnalytics";

    /// <inheritdoc />
    /// <exception cref="PermanentStepException">The site is gone, or Matomo refused for good (token, configuration).</exception>
    public override async Task<int> RunAsync(TaskActivityContext context, AnalyticsAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var actor = $"workflow:{context.InstanceId}";
        int id;
        try
        {
            id = site.MatomoSiteId
                ?? await StepErrors.GuardAsync(() => matomo.EnsureSiteAsync(site.Domain, site.Brand ?? site.Domain.Value, ct)).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Never silent: the site shows pending with the reason while the caller decides whether to try again.
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Analytics,
                Outcome = StepOutcome.Warning,
                Message = $"Matomo attempt {input.Attempt} failed: {e.Message}",
                Actor = actor,
                AnalyticsStatus = AnalyticsStatus.Pending,
                AnalyticsError = e.Message,
                AnalyticsAttempts = input.Attempt,
            }, ct).ConfigureAwait(false);
            throw;
        }

        // Tracking is built into the pages: a site deployed before its Matomo site existed needs a redeploy to get it.
        var note = site.MatomoSiteId is null && site.StatusDeployment == DeploymentStatus.Deployed
            ? " The site was deployed without tracking; redeploy it to add the tracking code."
            : string.Empty;
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Analytics,
            Outcome = StepOutcome.Succeeded,
            Message = $"Matomo site {id} (attempt {input.Attempt}).{note}",
            Actor = actor,
            MatomoSiteId = id,
            AnalyticsStatus = AnalyticsStatus.Ok,
            AnalyticsError = string.Empty,
            AnalyticsAttempts = input.Attempt,
        }, ct).ConfigureAwait(false);
        return id;
    }
}
