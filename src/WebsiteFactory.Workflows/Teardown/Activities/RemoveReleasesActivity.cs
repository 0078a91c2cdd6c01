using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Deployed releases: they live in the hidden sibling of the doc root (<c>.{domain}.releases</c>) inside the site user's
/// home, which <c>clpctl site:delete</c> removes with the site (next step); recorded here so the trail names them.
/// </summary>
[DurableTask(Name)]
public sealed class RemoveReleasesActivity(ProvisioningLookups lookups, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Releases";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var site = step.Site;
        string message;
        if (site.HostingDocRoot is not { } docRoot)
        {
            message = "Releases: the site was never hosted; nothing to remove.";
        }
        else
        {
            var slash = docRoot.LastIndexOf('/');
            var releases = $"{docRoot[..slash]}/.{docRoot[(slash + 1)..]}.releases";
            message = site.StatusDeployment == DeploymentStatus.Pending
                ? "Releases: nothing was deployed; nothing to remove."
                : $"Releases: {releases} and the doc root go with the site user's home when the CloudPanel site is deleted.";
        }

        await step.RecordAsync(StepOutcome.Info, message).ConfigureAwait(false);
        return true;
    });
}
