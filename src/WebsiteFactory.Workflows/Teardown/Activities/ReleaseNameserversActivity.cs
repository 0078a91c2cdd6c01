using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Registrar nameservers: left as they are (the default), and recorded. Restoring the registrar's defaults
/// (<see cref="TeardownSettings.RestoreRegistrarNameservers"/>) is not supported by the registrar port yet, so asking for it
/// records a warning that they were left.
/// </summary>
[DurableTask(Name)]
public sealed class ReleaseNameserversActivity(ProvisioningLookups lookups, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Nameservers";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var actor = $"workflow:{context.InstanceId}";
        var ns = site.AssignedNameservers.Count == 0 ? "as they were" : $"pointing at {string.Join(", ", site.AssignedNameservers)}";
        if (input.Settings.RestoreRegistrarNameservers)
        {
            await TeardownEvents.RecordAsync(store, site.Id, StepOutcome.Warning,
                $"Registrar: nameservers of {site.Domain.RegistrableDomain} left {ns}; restoring the registrar's defaults is not supported yet, change them at the registrar.", actor, ct).ConfigureAwait(false);
            return true;
        }

        await TeardownEvents.RecordAsync(store, site.Id, StepOutcome.Info,
            $"Registrar: nameservers of {site.Domain.RegistrableDomain} left {ns} (Provisioning:Teardown:RestoreRegistrarNameservers is off).", actor, ct).ConfigureAwait(false);
        return true;
    });
}
