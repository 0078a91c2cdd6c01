using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Redeploy": builds the stored content into a new release and switches it live (no model calls).</summary>
/// <remarks>
/// Steps: build, deploy. A step that fails for good (retries spent or a permanent error) is recorded on the site
/// (its status column → failed, <c>error_message</c>, a failed audit event), then the orchestration <b>fails</b> with
/// <see cref="SiteStepFailedException"/> (<c>{reason} [step={step}]</c>). A failed instance shows as Failed in
/// the portal and the Durable Functions Monitor and can be rewound, which re-runs only the failed step onward; a
/// completed instance always returns a successful <see cref="PublishSiteResult"/>.
/// </remarks>
[DurableTask(Name)]
public sealed class Redeploy : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_Redeploy";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">A step failed for good; it is recorded on the site.</exception>
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return ContentPipeline.RunAsync(context, input.SiteId, input.Settings ?? new ContentSettings(), generate: false, deploy: true, verify: false);
    }
}
