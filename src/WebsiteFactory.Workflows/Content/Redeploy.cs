using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Redeploy": builds the stored content into a new release and switches it live (no model calls).</summary>
[DurableTask(Name)]
public sealed class Redeploy : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.Redeploy";

    /// <inheritdoc />
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return ContentPipeline.RunAsync(context, input.SiteId, input.Settings ?? new ContentSettings(), generate: false, deploy: true, verify: false);
    }
}
