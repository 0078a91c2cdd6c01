using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning.Activities;
using WebsiteFactory.Workflows.Teardown;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// One site from nothing to DNS active, hosted and TLS-protected, tracked in Matomo:
/// zone → records → registrar NS → wait for delegation → CloudPanel site → wait for the A record → certificate → Matomo
/// → publish (content, build, deploy, Search Console: <see cref="PublishSite"/>, unless <see cref="ProvisionSettings.Publish"/> is off).
/// </summary>
/// <remarks>
/// <para>Every step is an idempotent activity with its own durable retry (<see cref="StepRetry"/>); permanent errors fail
/// fast. Waits are durable timers with capped exponential backoff. The custom status names the current step
/// (<see cref="ProvisionStatus"/>).</para>
/// <para><b>Matomo never blocks and is never silent.</b> One inline attempt (<see cref="EnsureAnalyticsActivity"/>); when
/// it fails with a retryable error, <see cref="StartAnalyticsRetryActivity"/> starts the site's background retry
/// (<see cref="AnalyticsRetry"/>, <c>analytics-{domain}</c>) and provisioning goes on; a permanent error records analytics
/// <c>failed</c> at once. The site carries <c>analytics_status</c> (pending / ok / failed / skipped), and the result says
/// it too (<see cref="ProvisionSiteResult.Analytics"/>), so a completed instance with analytics pending or failed is
/// "live", never plain "complete".</para>
/// <para><b>One operation per site.</b> With <see cref="ProvisionSiteInput.Exclusive"/> (every product start) the first
/// step is <see cref="CheckSiteIdleActivity"/>: when a teardown, rollback, redeploy or regenerate of the site is active
/// the instance fails with <see cref="SiteBusyException"/> before any step, and nothing is recorded on the site.</para>
/// <para><b>Failure.</b> When a step fails for good (retries spent, a permanent error, delegation or the A record not
/// seen before the give-up time, or the publish sub-orchestration failing), the failure is first recorded on the site
/// (<see cref="RecordStepFailureActivity"/>: status column, <c>error_message</c>, audit event; custom status
/// <c>{ step, detail: "failed" }</c>) and then the orchestration <b>fails</b> with <see cref="SiteStepFailedException"/>,
/// whose message is the reason followed by <c>[step={step}]</c>. A failed instance shows as Failed in the portal and the
/// Durable Functions Monitor, and can be rewound: rewind replays the completed steps from history and re-runs only the
/// failed step onward. A completed instance always provisioned the site.</para>
/// <para><b>Rollback.</b> With <see cref="ProvisionSettings.RollbackOnFailure"/> a final failure is followed, before the
/// instance fails, by the teardown steps as a child orchestration (<see cref="TeardownSite"/> with
/// <see cref="TeardownSiteInput.RollbackOf"/>, id <c>provision-{domain}:rollback</c>). It runs inside this instance, so
/// the site's one-operation rule holds without a check of its own: the site's <c>provision-{domain}</c> stays active until
/// the rollback is done. The instance still fails with the step's reason; a retry of a rolled-back run starts a fresh run
/// instead of rewinding (the API sees the rollback's events), since the history's created resources are gone.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class ProvisionSite : TaskOrchestrator<ProvisionSiteInput, ProvisionSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "ProvisionSite";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">A step failed for good; it is recorded on the site.</exception>
    public override async Task<ProvisionSiteResult> RunAsync(TaskOrchestrationContext context, ProvisionSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ProvisionSettings();
        var retry = StepRetry.Options(settings);
        StepInput In(SiteStep step) => new(input.SiteId, $"{context.InstanceId}:{step}", settings);

        // One operation per site: a batch schedules this instance outside the API's check, so check here, under the site's
        // gate, that no teardown, rollback, redeploy or regenerate is active. A refusal records nothing on the site (the
        // other operation owns its state) and fails the instance; retry rewinds it and checks again.
        if (input.Exclusive)
        {
            try
            {
                await context.CallActivityAsync<bool>(CheckSiteIdleActivity.Name, new SiteIdleInput(input.SiteId, context.InstanceId), retry);
            }
            catch (TaskFailedException e)
            {
                throw new SiteBusyException(FailureReasons.Of(e.FailureDetails));
            }
        }

        async Task<T> StepAsync<T>(SiteStep step, string activity)
        {
            try
            {
                return await context.CallActivityAsync<T>(activity, In(step), retry);
            }
            catch (TaskFailedException e)
            {
                throw await FailAsync(context, input.SiteId, step, FailureReasons.Of(e.FailureDetails), settings);
            }
        }

        async Task RunStepAsync(SiteStep step, string activity)
        {
            context.SetCustomStatus(new ProvisionStatus(Snake(step)));
            await StepAsync<object?>(step, activity);
        }

        await RunStepAsync(SiteStep.Zone, EnsureZoneActivity.Name);
        await RunStepAsync(SiteStep.Records, UpsertRecordsActivity.Name);
        await RunStepAsync(SiteStep.Nameservers, SetNameserversActivity.Name);

        // Delegation: poll with capped exponential backoff on durable timers until active or the give-up time, which
        // bounds the loop and with it the history.
        var deadline = context.CurrentUtcDateTime + settings.DelegationTimeout;
        var delay = settings.DelegationFirstPoll;
        var nsWasLive = false;
        var state = await StepAsync<DelegationState>(SiteStep.Delegation, CheckDelegationActivity.Name);
        while (!state.Done)
        {
            if (state.NameserversLive && !nsWasLive)
            {
                // The world now sees our NS and an activation check was requested: activation follows within
                // seconds to minutes, so look again soon instead of at the backed-off interval.
                delay = settings.DelegationFirstPoll;
            }

            nsWasLive = state.NameserversLive;
            context.SetCustomStatus(new ProvisionStatus(Snake(SiteStep.Delegation), state.Detail));
            if (context.CurrentUtcDateTime + delay > deadline)
            {
                throw await FailAsync(context, input.SiteId, SiteStep.Delegation,
                    $"Delegation not confirmed after {settings.DelegationTimeout}: {state.Detail}. Check the registrar's nameservers, then re-run provisioning.", settings);
            }

            await context.CreateTimer(delay, CancellationToken.None);
            delay = delay * 2 > settings.DelegationMaxPoll ? settings.DelegationMaxPoll : delay * 2;
            state = await StepAsync<DelegationState>(SiteStep.Delegation, CheckDelegationActivity.Name);
        }

        await RunStepAsync(SiteStep.HostingSite, EnsureHostingSiteActivity.Name);

        // TLS only once the apex and www resolve to the server: HTTP-01 would fail (and burn validations) otherwise.
        var originDeadline = context.CurrentUtcDateTime + settings.OriginTimeout;
        var originDelay = settings.DelegationFirstPoll;
        context.SetCustomStatus(new ProvisionStatus(Snake(SiteStep.Certificate), "waiting for the A record to resolve to the server"));
        while (!await StepAsync<bool>(SiteStep.Certificate, CheckOriginActivity.Name))
        {
            if (context.CurrentUtcDateTime + originDelay > originDeadline)
            {
                throw await FailAsync(context, input.SiteId, SiteStep.Certificate,
                    $"The A record of the site does not resolve to its server after {settings.OriginTimeout}; certificate not requested.", settings);
            }

            await context.CreateTimer(originDelay, CancellationToken.None);
            originDelay = originDelay * 2 > settings.DelegationMaxPoll ? settings.DelegationMaxPoll : originDelay * 2;
        }

        await RunStepAsync(SiteStep.Certificate, InstallCertificateActivity.Name);

        // Matomo never blocks, and is never silent: one attempt here (so the tracking snippet can go into the first
        // build), else a background retry of its own and the site shows analytics pending/failed until it works.
        var analytics = await ProvisionAnalytics.RunAsync(context, input.SiteId, settings);

        if (settings.Publish)
        {
            // Content → build → deploy → Search Console, as its own orchestration so it can also run alone
            // (regenerate, redeploy). It records its statuses itself; a deterministic child id keeps re-runs single.
            context.SetCustomStatus(new ProvisionStatus("publish"));
            try
            {
                await context.CallSubOrchestratorAsync<PublishSiteResult>(
                    PublishSite.Name,
                    new PublishSiteInput(input.SiteId, settings.Content),
                    new SubOrchestrationOptions(instanceId: SiteInstanceIds.PublishChildOf(context.InstanceId)));
            }
            catch (TaskFailedException e) when (SiteStepFailedException.TryRead(e.FailureDetails, out var step, out var reason))
            {
                // PublishSite recorded its failed step on the site already.
                await RollBackAsync(context, input.SiteId, step, reason, settings);
                context.SetCustomStatus(new ProvisionStatus(step, "failed"));
                throw new SiteStepFailedException(step, reason);
            }
            catch (TaskFailedException e)
            {
                throw await FailAsync(context, input.SiteId, SiteStep.Content, FailureReasons.Of(e.FailureDetails), settings);
            }
        }

        context.SetCustomStatus(new ProvisionStatus("done"));
        return new ProvisionSiteResult(input.SiteId, true, AnalyticsWarning: analytics.Warning, Analytics: analytics.Status);
    }

    /// <summary>The snake-case name of a step, as stored in <c>site_events.step</c>.</summary>
    public static string Snake(SiteStep step) => step switch
    {
        SiteStep.HostingSite => "hosting_site",
        SiteStep.SearchConsole => "search_console",
        _ => step.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Records a step's final failure on the site, rolls the run back when <see cref="ProvisionSettings.RollbackOnFailure"/>,
    /// and returns the exception that fails the instance.
    /// </summary>
    private static async Task<SiteStepFailedException> FailAsync(TaskOrchestrationContext context, Guid siteId, SiteStep step, string reason, ProvisionSettings settings)
    {
        context.SetCustomStatus(new ProvisionStatus(Snake(step), "failed"));
        await context.CallActivityAsync<bool>(RecordStepFailureActivity.Name, new StepFailureInput(siteId, step, reason, $"workflow:{context.InstanceId}"));
        await RollBackAsync(context, siteId, Snake(step), reason, settings);
        context.SetCustomStatus(new ProvisionStatus(Snake(step), "failed"));
        return new SiteStepFailedException(Snake(step), reason);
    }

    /// <summary>
    /// With <see cref="ProvisionSettings.RollbackOnFailure"/>, runs the teardown steps as a rollback child; a rollback that
    /// itself fails (it records its orphans on the site) does not change why the provisioning failed.
    /// </summary>
    private static async Task RollBackAsync(TaskOrchestrationContext context, Guid siteId, string step, string reason, ProvisionSettings settings)
    {
        if (!settings.RollbackOnFailure)
        {
            return;
        }

        context.SetCustomStatus(new ProvisionStatus(step, "failed; rolling back"));
        try
        {
            await context.CallSubOrchestratorAsync<TeardownSiteResult>(
                TeardownSite.Name,
                new TeardownSiteInput(siteId, settings, $"step {step}: {reason}"),
                new SubOrchestrationOptions(instanceId: SiteInstanceIds.RollbackChildOf(context.InstanceId)));
        }
        catch (TaskFailedException)
        {
            // Its begin/finish bookkeeping failed after retries: the site keeps the failure recorded above.
        }
    }
}
