using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// The content half of a site's pipeline, run by <c>ProvisionSite</c> after TLS (and Matomo) as a sub-orchestration:
/// generate missing content → build → deploy → Search Console verification.
/// </summary>
/// <remarks>
/// Steps: content, build, deploy, search_console. A step that fails for good (retries spent or a permanent error, or Google not seeing the verification record after <see cref="ContentSettings.VerificationAttempts"/>) is recorded on the site
/// (its status column → failed, <c>error_message</c>, a failed audit event), then the orchestration <b>fails</b> with
/// <see cref="SiteStepFailedException"/> (<c>{reason} [step={step}]</c>; <c>ProvisionSite</c> reads it from the child's failure details and fails with the same step). A failed instance shows as Failed in
/// the portal and the Durable Functions Monitor and can be rewound, which re-runs only the failed step onward; a
/// completed instance always returns a successful <see cref="PublishSiteResult"/>.
/// </remarks>
[DurableTask(Name)]
public sealed class PublishSite : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_PublishSite";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">A step failed for good; it is recorded on the site.</exception>
    public override Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return ContentPipeline.RunAsync(context, input.SiteId, input.Settings ?? new ContentSettings(), generate: true, deploy: true, verify: true);
    }
}
