using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Teardown.Activities;

namespace WebsiteFactory.Workflows.Teardown;

/// <summary>
/// Removes a site's resources in the reverse order of provisioning: Search Console property → deployed releases →
/// CloudPanel site (with its certificate) → Matomo site → DNS records → Cloudflare zone → registrar nameservers.
/// </summary>
/// <remarks>
/// <para><b>Idempotent.</b> Every step treats "already gone" as success and skips, with an info event, what was never
/// created (a half-provisioned site has no zone id, no doc root, ...), so a teardown can run again at any time and a
/// second run changes nothing at the vendors.</para>
/// <para><b>A failed step never stops the others.</b> Each step has the provisioning retry policy (<see cref="StepRetry"/>);
/// when it still fails, a <c>failed</c> event names the resource left behind (the orphan) and the next step runs. The
/// site goes <c>deleting</c> → <c>deleted</c> when every step succeeded, else <c>error</c> with the orphans in its error.
/// The instance completes either way; its output lists the orphans (<see cref="TeardownSiteResult"/>).</para>
/// <para><b>Soft delete.</b> The site row and its audit trail stay; after a complete teardown the deleted ids are cleared
/// and the statuses are pending again, so provisioning the site again starts from scratch.</para>
/// <para><b>Rollback.</b> With <see cref="TeardownSiteInput.RollbackOf"/> the same steps undo a failed provisioning
/// (<see cref="ProvisionSettings.RollbackOnFailure"/>, or the "Roll back" button: <c>POST /api/sites/{site}/teardown</c>
/// with <c>rollback: true</c>); a complete rollback leaves the site <c>active</c> and not provisioned, its error saying
/// that the provisioning failed and was rolled back.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class TeardownSite : TaskOrchestrator<TeardownSiteInput, TeardownSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "TeardownSite";

    /// <summary>The steps in the order they run, with their activities.</summary>
    private static readonly (TeardownPart Part, string Activity)[] Steps =
    [
        (TeardownPart.SearchConsole, RemoveSearchConsoleActivity.Name),
        (TeardownPart.Releases, RemoveReleasesActivity.Name),
        (TeardownPart.HostingSite, RemoveHostingSiteActivity.Name),
        (TeardownPart.Analytics, RemoveAnalyticsActivity.Name),
        (TeardownPart.Records, RemoveRecordsActivity.Name),
        (TeardownPart.Zone, RemoveZoneActivity.Name),
        (TeardownPart.Nameservers, ReleaseNameserversActivity.Name),
    ];

    /// <inheritdoc />
    public override async Task<TeardownSiteResult> RunAsync(TaskOrchestrationContext context, TeardownSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ProvisionSettings();
        var teardown = settings.Teardown ?? new TeardownSettings();
        var retry = StepRetry.Options(settings);

        context.SetCustomStatus(new ProvisionStatus("teardown"));
        await context.CallActivityAsync<bool>(BeginTeardownActivity.Name, new TeardownStepInput(input.SiteId, TeardownPart.SearchConsole, teardown, input.RollbackOf), retry);

        var orphans = new List<string>();
        foreach (var (part, activity) in Steps)
        {
            context.SetCustomStatus(new ProvisionStatus("teardown", Snake(part)));
            try
            {
                await context.CallActivityAsync<bool>(activity, new TeardownStepInput(input.SiteId, part, teardown), retry);
            }
            catch (TaskFailedException e)
            {
                // Record the orphan and go on: one vendor being down must not keep the others' resources alive.
                orphans.Add(await context.CallActivityAsync<string>(RecordTeardownFailureActivity.Name,
                    new TeardownStepInput(input.SiteId, part, teardown, FailureReasons.Of(e.FailureDetails)), retry));
            }
        }

        var result = new TeardownSiteResult(input.SiteId, orphans.Count == 0, orphans);
        await context.CallActivityAsync<bool>(FinishTeardownActivity.Name, new TeardownFinishInput(result, teardown.KeepAnalytics, input.RollbackOf), retry);
        context.SetCustomStatus(new ProvisionStatus("teardown", !result.Succeeded ? "error" : input.RollbackOf is null ? "deleted" : "rolled back"));
        return result;
    }

    /// <summary>The snake-case name of a part, as used in events and the custom status.</summary>
    /// <param name="part">The part.</param>
    /// <returns>The name.</returns>
    public static string Snake(TeardownPart part) => part switch
    {
        TeardownPart.SearchConsole => "search_console",
        TeardownPart.HostingSite => "hosting_site",
        _ => part.ToString().ToLowerInvariant(),
    };
}
