using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// The content half of a site's pipeline, run by <c>ProvisionSite</c> after TLS (and Matomo) as a sub-orchestration:
/// generate missing content → build → deploy → Search Console verification.
/// </summary>
[DurableTask(Name)]
public sealed class PublishSite : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.PublishSite";

    /// <inheritdoc />
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return ContentPipeline.RunAsync(context, input.SiteId, input.Settings ?? new ContentSettings(), generate: true, deploy: true, verify: true);
    }
}
