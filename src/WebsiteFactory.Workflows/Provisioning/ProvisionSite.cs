using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// One site from nothing to DNS active, hosted and TLS-protected, tracked in Matomo:
/// zone → records → registrar NS → wait for delegation → CloudPanel site → wait for the A record → certificate → Matomo
/// → publish (content, build, deploy, Search Console: <see cref="PublishSite"/>, unless <see cref="ProvisionSettings.Publish"/> is off).
/// </summary>
/// <remarks>
/// Every step is an idempotent activity with its own durable retry (<see cref="StepRetry"/>); permanent errors fail fast
/// and are recorded on the site (status column, <c>error_message</c>, audit event). Waits are durable timers with capped
/// exponential backoff. The custom status names the current step. Matomo never blocks: its failure is a warning.
/// </remarks>
[DurableTask(Name)]
public sealed class ProvisionSite : TaskOrchestrator<ProvisionSiteInput, ProvisionSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "ProvisionSite";

    /// <inheritdoc />
    public override async Task<ProvisionSiteResult> RunAsync(TaskOrchestrationContext context, ProvisionSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ProvisionSettings();
        var retry = StepRetry.Options(settings);
        StepInput In(SiteStep step) => new(input.SiteId, $"{context.InstanceId}:{step}", settings);

        async Task<string?> StepAsync(SiteStep step, string activity)
        {
            context.SetCustomStatus(new ProvisionStatus(Snake(step)));
            try
            {
                await context.CallActivityAsync<object?>(activity, In(step), retry);
                return null;
            }
            catch (TaskFailedException e)
            {
                return await FailAsync(context, input.SiteId, step, Reason(e));
            }
        }

        if (await StepAsync(SiteStep.Zone, EnsureZoneActivity.Name) is { } zoneError)
        {
            return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Zone), zoneError);
        }

        if (await StepAsync(SiteStep.Records, UpsertRecordsActivity.Name) is { } recordsError)
        {
            return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Records), recordsError);
        }

        if (await StepAsync(SiteStep.Nameservers, SetNameserversActivity.Name) is { } nsError)
        {
            return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Nameservers), nsError);
        }

        // Delegation: poll with capped exponential backoff on durable timers until active or the give-up time.
        var deadline = context.CurrentUtcDateTime + settings.DelegationTimeout;
        var delay = settings.DelegationFirstPoll;
        var nsWasLive = false;
        while (true)
        {
            DelegationState state;
            try
            {
                state = await context.CallActivityAsync<DelegationState>(CheckDelegationActivity.Name, In(SiteStep.Delegation), retry);
            }
            catch (TaskFailedException e)
            {
                var error = await FailAsync(context, input.SiteId, SiteStep.Delegation, Reason(e));
                return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Delegation), error);
            }

            if (state.Done)
            {
                break;
            }

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
                var error = await FailAsync(context, input.SiteId, SiteStep.Delegation,
                    $"Delegation not confirmed after {settings.DelegationTimeout}: {state.Detail}. Check the registrar's nameservers, then re-run provisioning.");
                return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Delegation), error);
            }

            await context.CreateTimer(delay, CancellationToken.None);
            delay = delay * 2 > settings.DelegationMaxPoll ? settings.DelegationMaxPoll : delay * 2;
        }

        if (await StepAsync(SiteStep.HostingSite, EnsureHostingSiteActivity.Name) is { } hostingError)
        {
            return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.HostingSite), hostingError);
        }

        // TLS only once the apex and www resolve to the server: HTTP-01 would fail (and burn validations) otherwise.
        var originDeadline = context.CurrentUtcDateTime + settings.OriginTimeout;
        var originDelay = settings.DelegationFirstPoll;
        context.SetCustomStatus(new ProvisionStatus(Snake(SiteStep.Certificate), "waiting for the A record to resolve to the server"));
        while (true)
        {
            bool resolves;
            try
            {
                resolves = await context.CallActivityAsync<bool>(CheckOriginActivity.Name, In(SiteStep.Certificate), retry);
            }
            catch (TaskFailedException e)
            {
                var error = await FailAsync(context, input.SiteId, SiteStep.Certificate, Reason(e));
                return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Certificate), error);
            }

            if (resolves)
            {
                break;
            }

            if (context.CurrentUtcDateTime + originDelay > originDeadline)
            {
                var error = await FailAsync(context, input.SiteId, SiteStep.Certificate,
                    $"The A record of the site does not resolve to its server after {settings.OriginTimeout}; certificate not requested.");
                return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Certificate), error);
            }

            await context.CreateTimer(originDelay, CancellationToken.None);
            originDelay = originDelay * 2 > settings.DelegationMaxPoll ? settings.DelegationMaxPoll : originDelay * 2;
        }

        if (await StepAsync(SiteStep.Certificate, InstallCertificateActivity.Name) is { } certError)
        {
            return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Certificate), certError);
        }

        string? analyticsWarning = null;
        if (!settings.SkipAnalytics)
        {
            context.SetCustomStatus(new ProvisionStatus(Snake(SiteStep.Analytics)));
            try
            {
                analyticsWarning = await context.CallActivityAsync<string?>(EnsureAnalyticsActivity.Name, In(SiteStep.Analytics), StepRetry.Options(settings, 3));
            }
            catch (TaskFailedException e)
            {
                analyticsWarning = $"Matomo step failed (retry later): {Reason(e)}";
            }
        }

        if (settings.Publish)
        {
            // Content → build → deploy → Search Console, as its own orchestration so it can also run alone
            // (regenerate, redeploy). It records its statuses itself; a deterministic child id keeps re-runs single.
            context.SetCustomStatus(new ProvisionStatus("publish"));
            try
            {
                var published = await context.CallSubOrchestratorAsync<PublishSiteResult>(
                    PublishSite.Name,
                    new PublishSiteInput(input.SiteId, settings.Content),
                    new SubOrchestrationOptions(instanceId: $"{context.InstanceId}:publish"));
                if (!published.Succeeded)
                {
                    context.SetCustomStatus(new ProvisionStatus(published.FailedStep ?? "publish", "failed"));
                    return new ProvisionSiteResult(input.SiteId, false, published.FailedStep ?? Snake(SiteStep.Content), published.Error, analyticsWarning);
                }
            }
            catch (TaskFailedException e)
            {
                var error = await FailAsync(context, input.SiteId, SiteStep.Content, Reason(e));
                return new ProvisionSiteResult(input.SiteId, false, Snake(SiteStep.Content), error, analyticsWarning);
            }
        }

        context.SetCustomStatus(new ProvisionStatus("done"));
        return new ProvisionSiteResult(input.SiteId, true, AnalyticsWarning: analyticsWarning);
    }

    private static async Task<string> FailAsync(TaskOrchestrationContext context, Guid siteId, SiteStep step, string reason)
    {
        context.SetCustomStatus(new ProvisionStatus(Snake(step), "failed"));
        await context.CallActivityAsync<bool>(RecordStepFailureActivity.Name, new StepFailureInput(siteId, step, reason, $"workflow:{context.InstanceId}"));
        return reason;
    }

    private static string Reason(TaskFailedException e)
    {
        var details = e.FailureDetails;
        while (details.InnerFailure is { } inner && details.ErrorType == typeof(TaskFailedException).FullName)
        {
            details = inner;
        }

        return details.ErrorMessage;
    }

    /// <summary>The snake-case name of a step, as stored in <c>site_events.step</c>.</summary>
    public static string Snake(SiteStep step) => step switch
    {
        SiteStep.HostingSite => "hosting_site",
        SiteStep.SearchConsole => "search_console",
        _ => step.ToString().ToLowerInvariant(),
    };
}
