using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>
/// Builds the release with Astro from the stored content (status_deployment: → deploying). The output stays in the
/// artifacts directory for <see cref="DeploySiteActivity"/>, or, when the host registers an
/// <see cref="IServerSiteBuilder"/> (<c>Content:Build:Mode = Remote</c>), on the site's server beside its doc root, where
/// the deploy step of any worker switches to it. A failed build changes nothing live.
/// </summary>
[DurableTask(Name)]
public sealed class BuildSiteActivity(
    ISiteStateStore store,
    IContentStore content,
    ISiteBuilder builder,
    IActivityExecutionAccessor execution,
    ContentWorkflowOptions? options = null,
    IServerSiteBuilder? serverBuilder = null,
    ProvisioningLookups? lookups = null) : TaskActivity<ContentStepInput, BuildOutput>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_BuildSite";

    private readonly ContentWorkflowOptions _options = options ?? new ContentWorkflowOptions();

    /// <inheritdoc />
    public override Task<BuildOutput> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var releaseId = input.ReleaseId ?? throw new PermanentStepException("No release id was given to the build step.");
        var site = await store.GetAsync(input.SiteId, ct).ConfigureAwait(false) ?? throw new PermanentStepException($"Site {input.SiteId} does not exist.");
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Build,
            Outcome = StepOutcome.Started,
            Message = $"Building release {releaseId}.",
            Actor = $"workflow:{context.InstanceId}",
            StatusDeployment = DeploymentStatus.Deploying,
            InstanceId = context.InstanceId,
        }, ct).ConfigureAwait(false);

        string output;
        int files;
        if (serverBuilder is null)
        {
            output = SiteBuildRequests.OutputDirectory(_options, site.Id, releaseId);
            files = await SiteBuildRequests.BuildAsync(site, input.Settings, _options, output, content, builder, ct).ConfigureAwait(false);
        }
        else
        {
            var target = await DeployTargets.ForAsync(lookups ?? throw new InvalidOperationException("Builds on the server need ProvisioningLookups registered."), site, ct).ConfigureAwait(false);
            files = await SiteBuildRequests.BuildOnServerAsync(site, input.Settings, _options, target, releaseId, content, serverBuilder, ct).ConfigureAwait(false);
            output = DeployTargets.Describe(target);
        }

        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Build,
            Outcome = StepOutcome.Succeeded,
            Message = serverBuilder is null ? $"Built release {releaseId}: {files} files." : $"Built release {releaseId} on the server: {files} files.",
            Actor = $"workflow:{context.InstanceId}",
        }, ct).ConfigureAwait(false);
        return new BuildOutput(releaseId, output, files);
    });
}
