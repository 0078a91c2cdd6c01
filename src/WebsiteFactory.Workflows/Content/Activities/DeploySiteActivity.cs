using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>
/// Uploads the release to the site's server and switches it live atomically (status_deployment: → deployed). When this
/// worker does not have the build (another worker built it), it rebuilds from the content store first. With an
/// <see cref="IServerSiteBuilder"/> (<c>Content:Build:Mode = Remote</c>) the release is already on the server and this
/// step only switches to it, from whichever worker runs it; it is built there again only when the server lost it.
/// </summary>
[DurableTask(Name)]
public sealed class DeploySiteActivity(
    ProvisioningLookups lookups,
    ISiteStateStore store,
    IContentStore content,
    ISiteBuilder builder,
    ISiteDeployer deployer,
    IActivityExecutionAccessor execution,
    ContentWorkflowOptions? options = null,
    IServerSiteBuilder? serverBuilder = null) : TaskActivity<ContentStepInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_DeploySite";

    private readonly ContentWorkflowOptions _options = options ?? new ContentWorkflowOptions();

    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var releaseId = input.ReleaseId ?? throw new PermanentStepException("No release id was given to the deploy step.");
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var target = await DeployTargets.ForAsync(lookups, site, ct).ConfigureAwait(false);
        var output = SiteBuildRequests.OutputDirectory(_options, site.Id, releaseId);
        DeployResult result;
        if (serverBuilder is not null)
        {
            result = await SwitchOnServerAsync(site, input.Settings, target, releaseId, serverBuilder, ct).ConfigureAwait(false);
        }
        else if (!File.Exists(Path.Combine(output, "index.html")) && await deployer.GetLiveReleaseAsync(target, ct).ConfigureAwait(false) == releaseId)
        {
            // A retried delivery after the switch, on a worker without the build: the release is live, so do not rebuild
            // (a rebuild that failed now would mark a live deploy as failed).
            result = new DeployResult(releaseId, null, []);
        }
        else
        {
            await SiteBuildRequests.BuildAsync(site, input.Settings, _options, output, content, builder, ct).ConfigureAwait(false);
            result = await deployer.DeployAsync(target, output, releaseId, ct).ConfigureAwait(false);
        }

        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Deploy,
            Outcome = StepOutcome.Succeeded,
            Message = ReleaseHistory.Deployed(result),
            Actor = $"workflow:{context.InstanceId}",
            StatusDeployment = DeploymentStatus.Deployed,
            ErrorMessage = string.Empty,
        }, ct).ConfigureAwait(false);
        RemoveArtifact(output);

        return result.ReleaseId;
    });

    /// <summary>Removes the deployed build, and the site's folder once nothing else is in it.</summary>
    private static void RemoveArtifact(string output)
    {
        try
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            var siteFolder = Path.GetDirectoryName(output);
            if (siteFolder is not null && Directory.Exists(siteFolder) && !Directory.EnumerateFileSystemEntries(siteFolder).Any())
            {
                Directory.Delete(siteFolder);
            }
        }
        catch (IOException)
        {
            // The artifact is only a cache (another build of the site may have just started beside it); the next build of
            // the site removes what is left.
        }
    }

    private async Task<DeployResult> SwitchOnServerAsync(Site site, ContentSettings settings, DeployTarget target, string releaseId, IServerSiteBuilder server, CancellationToken ct)
    {
        var found = await server.FindAsync(target, releaseId, ct).ConfigureAwait(false);
        if (found.State == ServerReleaseState.Live)
        {
            // A retried delivery after the switch: nothing to do, and nothing to rebuild.
            return new DeployResult(releaseId, null, []);
        }

        if (found.State == ServerReleaseState.Missing)
        {
            // The build step never ran in this mode, or its unswitched output was swept: build it there again.
            await SiteBuildRequests.BuildOnServerAsync(site, settings, _options, target, releaseId, content, server, ct).ConfigureAwait(false);
        }

        return await deployer.ActivateAsync(target, releaseId, ct).ConfigureAwait(false);
    }
}
