using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Regenerate content": rewrites every page (<see cref="ContentSettings.Regenerate"/> forced on), then builds and deploys.</summary>
[DurableTask(Name)]
public sealed class RegenerateContent : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.RegenerateContent";

    /// <inheritdoc />
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = (input.Settings ?? new ContentSettings()) with { Regenerate = true };
        return ContentPipeline.RunAsync(context, input.SiteId, settings, generate: true, deploy: true, verify: false);
    }
}
