using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>The content-side pipeline shared by the orchestrators: generate → build → deploy → Search Console.</summary>
/// <remarks>
/// Orchestrator code: deterministic (release id from the replay-safe clock and GUID), durable timers only. A step that
/// fails for good is recorded on the site (<see cref="RecordContentFailureActivity"/>) and then fails the orchestration
/// with <see cref="SiteStepFailedException"/> (<c>{reason} [step={step}]</c>); only successful runs return a
/// <see cref="PublishSiteResult"/>.
/// </remarks>
internal static class ContentPipeline
{
    public static async Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, Guid siteId, ContentSettings settings, bool generate, bool deploy, bool verify)
    {
        var retry = ContentRetry.Options(settings);

        // Instance ids are reused (regenerate-{domain}, provision-{domain}:publish), so step keys also carry the execution's
        // start time: retries of one run share a key, a later run of the same instance gets a new one.
        var run = context.CurrentUtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture);
        ContentStepInput In(SiteStep step, string? releaseId = null) =>
            new(siteId, $"{context.InstanceId}:{run}:{Snake(step)}", settings, releaseId);

        if (generate)
        {
            context.SetCustomStatus(new { step = "content" });
            await StepAsync(context, siteId, SiteStep.Content, () => context.CallActivityAsync<int>(GenerateContentActivity.Name, In(SiteStep.Content), retry));
        }

        string? releaseId = null;
        if (deploy)
        {
            releaseId = context.CurrentUtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + context.NewGuid().ToString("N")[..8];
            context.SetCustomStatus(new { step = "build", release = releaseId });
            await StepAsync(context, siteId, SiteStep.Build, () => context.CallActivityAsync<BuildOutput>(BuildSiteActivity.Name, In(SiteStep.Build, releaseId), retry));

            context.SetCustomStatus(new { step = "deploy", release = releaseId });
            await StepAsync(context, siteId, SiteStep.Deploy, () => context.CallActivityAsync<string>(DeploySiteActivity.Name, In(SiteStep.Deploy, releaseId), retry));
        }

        if (!verify || settings.SkipSearchConsole)
        {
            return new PublishSiteResult(siteId, true, ReleaseId: releaseId, SearchConsole: "skipped");
        }

        context.SetCustomStatus(new { step = "search_console" });
        if (!await StepAsync(context, siteId, SiteStep.SearchConsole, () => context.CallActivityAsync<bool>(PublishVerificationTokenActivity.Name, In(SiteStep.SearchConsole), retry)))
        {
            return new PublishSiteResult(siteId, true, ReleaseId: releaseId, SearchConsole: "skipped (no Search Console account)");
        }

        // DNS propagation: ask again on durable timers with backoff; no worker waits.
        var delay = settings.VerificationFirstDelay;
        for (var attempt = 1; attempt <= settings.VerificationAttempts; attempt++)
        {
            if (await StepAsync(context, siteId, SiteStep.SearchConsole, () => context.CallActivityAsync<bool>(ConfirmVerificationActivity.Name, In(SiteStep.SearchConsole), retry)))
            {
                return new PublishSiteResult(siteId, true, ReleaseId: releaseId, SearchConsole: "verified");
            }

            if (attempt < settings.VerificationAttempts)
            {
                context.SetCustomStatus(new { step = "search_console", waiting = "DNS propagation", attempt });
                await context.CreateTimer(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.VerificationMaxDelay.Ticks));
            }
        }

        throw await FailAsync(context, siteId, SiteStep.SearchConsole, $"Google did not see the verification TXT record after {settings.VerificationAttempts} attempts.");
    }

    /// <summary>Runs a step; on its final failure records it on the site and fails the orchestration.</summary>
    private static async Task<T> StepAsync<T>(TaskOrchestrationContext context, Guid siteId, SiteStep step, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TaskFailedException e)
        {
            throw await FailAsync(context, siteId, step, FailureReasons.Of(e.FailureDetails));
        }
    }

    /// <summary>Records a step's final failure on the site and returns the exception that fails the instance.</summary>
    private static async Task<SiteStepFailedException> FailAsync(TaskOrchestrationContext context, Guid siteId, SiteStep step, string reason)
    {
        await context.CallActivityAsync<bool>(RecordContentFailureActivity.Name, new ContentFailureInput(siteId, step, reason, $"workflow:{context.InstanceId}"));
        return new SiteStepFailedException(Snake(step), reason);
    }

    internal static string Snake(SiteStep step) => step switch
    {
        SiteStep.SearchConsole => "search_console",
        _ => step.ToString().ToLowerInvariant(),
    };
}
