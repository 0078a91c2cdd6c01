using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>The content-side pipeline shared by the orchestrators: generate → build → deploy → Search Console.</summary>
/// <remarks>Orchestrator code: deterministic (release id from the replay-safe clock and GUID), durable timers only.</remarks>
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
            if (await TryAsync(context, siteId, SiteStep.Content, () => context.CallActivityAsync<int>(GenerateContentActivity.Name, In(SiteStep.Content), retry)) is { } error)
            {
                return new PublishSiteResult(siteId, false, "content", error);
            }
        }

        string? releaseId = null;
        if (deploy)
        {
            releaseId = context.CurrentUtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + context.NewGuid().ToString("N")[..8];
            context.SetCustomStatus(new { step = "build", release = releaseId });
            if (await TryAsync(context, siteId, SiteStep.Build, () => context.CallActivityAsync<BuildOutput>(BuildSiteActivity.Name, In(SiteStep.Build, releaseId), retry)) is { } buildError)
            {
                return new PublishSiteResult(siteId, false, "build", buildError);
            }

            context.SetCustomStatus(new { step = "deploy", release = releaseId });
            if (await TryAsync(context, siteId, SiteStep.Deploy, () => context.CallActivityAsync<string>(DeploySiteActivity.Name, In(SiteStep.Deploy, releaseId), retry)) is { } deployError)
            {
                return new PublishSiteResult(siteId, false, "deploy", deployError, releaseId);
            }
        }

        if (!verify || settings.SkipSearchConsole)
        {
            return new PublishSiteResult(siteId, true, ReleaseId: releaseId, SearchConsole: "skipped");
        }

        context.SetCustomStatus(new { step = "search_console" });
        var published = false;
        if (await TryAsync(context, siteId, SiteStep.SearchConsole, async () => published = await context.CallActivityAsync<bool>(PublishVerificationTokenActivity.Name, In(SiteStep.SearchConsole), retry)) is { } tokenError)
        {
            return new PublishSiteResult(siteId, false, "search_console", tokenError, releaseId, tokenError);
        }

        if (!published)
        {
            return new PublishSiteResult(siteId, true, ReleaseId: releaseId, SearchConsole: "skipped (no Search Console account)");
        }

        // DNS propagation: ask again on durable timers with backoff; no worker waits.
        var delay = settings.VerificationFirstDelay;
        for (var attempt = 1; attempt <= settings.VerificationAttempts; attempt++)
        {
            var verified = false;
            if (await TryAsync(context, siteId, SiteStep.SearchConsole, async () => verified = await context.CallActivityAsync<bool>(ConfirmVerificationActivity.Name, In(SiteStep.SearchConsole), retry)) is { } verifyError)
            {
                return new PublishSiteResult(siteId, false, "search_console", verifyError, releaseId, verifyError);
            }

            if (verified)
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

        var reason = $"Google did not see the verification TXT record after {settings.VerificationAttempts} attempts.";
        await context.CallActivityAsync<bool>(RecordContentFailureActivity.Name, new ContentFailureInput(siteId, SiteStep.SearchConsole, reason, $"workflow:{context.InstanceId}"));
        return new PublishSiteResult(siteId, false, "search_console", reason, releaseId, reason);
    }

    /// <summary>Runs a step; on final failure records it on the site and returns the reason.</summary>
    private static async Task<string?> TryAsync(TaskOrchestrationContext context, Guid siteId, SiteStep step, Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (TaskFailedException e)
        {
            var reason = Reason(e.FailureDetails);
            await context.CallActivityAsync<bool>(RecordContentFailureActivity.Name, new ContentFailureInput(siteId, step, reason, $"workflow:{context.InstanceId}"));
            return reason;
        }
    }

    /// <summary>The innermost activity failure's message (what the adapter or step said), without the task wrappers.</summary>
    internal static string Reason(TaskFailureDetails details)
    {
        var d = details;
        while (d.InnerFailure is not null && d.ErrorType.EndsWith("TaskFailedException", StringComparison.Ordinal))
        {
            d = d.InnerFailure;
        }

        return d.ErrorMessage;
    }

    internal static string Snake(SiteStep step) => step switch
    {
        SiteStep.SearchConsole => "search_console",
        _ => step.ToString().ToLowerInvariant(),
    };
}
