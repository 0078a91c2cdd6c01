using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Regenerate content": rewrites every page (<see cref="ContentSettings.Regenerate"/> forced on), then builds and deploys.</summary>
/// <remarks>
/// Steps: content, build, deploy; the live release is untouched until the deploy step. A step that fails for good (retries spent or a permanent error) is recorded on the site
/// (its status column → failed, <c>error_message</c>, a failed audit event), then the orchestration <b>fails</b> with
/// <see cref="SiteStepFailedException"/> (<c>{reason} [step={step}]</c>). A failed instance shows as Failed in
/// the portal and the Durable Functions Monitor and can be rewound, which re-runs only the failed step onward; a
/// completed instance always returns a successful <see cref="PublishSiteResult"/>.
/// </remarks>
[DurableTask(Name)]
public sealed class RegenerateContent : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_RegenerateContent";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">A step failed for good; it is recorded on the site.</exception>
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = (input.Settings ?? new ContentSettings()) with { Regenerate = true };
        return ContentPipeline.RunAsync(context, input.SiteId, settings, generate: true, deploy: true, verify: false);
    }
}
