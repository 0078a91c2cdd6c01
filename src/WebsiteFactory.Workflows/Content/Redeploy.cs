using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Redeploy": builds the stored content into a new release and switches it live (no model calls).</summary>
/// <remarks>
/// Steps: build, deploy. A step that fails for good (retries spent or a permanent error) is recorded on the site
/// (its status column → failed, <c>error_message</c>, a failed audit event), then the orchestration <b>fails</b> with
/// <see cref="SiteStepFailedException"/> (<c>{reason} [step={step}]</c>). A failed instance shows as Failed in
/// the portal and the Durable Functions Monitor and can be rewound, which re-runs only the failed step onward; a
/// completed instance always returns a successful <see cref="PublishSiteResult"/>.
/// <para>With <see cref="PublishSiteInput.Exclusive"/> (a template rollout's children) the first step checks, under the
/// site's gate, that no other operation of the site is active; when one is, the instance fails with
/// <see cref="SiteBusyException"/> before building anything and nothing is recorded on the site.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class Redeploy : TaskOrchestrator<PublishSiteInput, PublishSiteResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_Redeploy";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">A step failed for good; it is recorded on the site.</exception>
    /// <exception cref="SiteBusyException">Exclusive, and another operation of the site is active; nothing was done.</exception>
    public override async Task<PublishSiteResult> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ContentSettings();
        if (input.Exclusive)
        {
            try
            {
                await context.CallActivityAsync<bool>(CheckSiteIdleActivity.Name, new SiteIdleInput(input.SiteId, context.InstanceId), ContentRetry.Options(settings));
            }
            catch (TaskFailedException e)
            {
                throw new SiteBusyException(FailureReasons.Of(e.FailureDetails));
            }
        }

        return await ContentPipeline.RunAsync(context, input.SiteId, settings, generate: false, deploy: true, verify: false);
    }
}
