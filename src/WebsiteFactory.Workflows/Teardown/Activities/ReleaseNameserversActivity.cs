using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Registrar nameservers: left as they are (the default), and recorded; or, with
/// <see cref="TeardownSettings.RestoreRegistrarNameservers"/>, pointed back at the registrar's own nameservers (idempotent:
/// a domain already there stays there). A site without a registrar account has nothing to restore.
/// </summary>
[DurableTask(Name)]
public sealed class ReleaseNameserversActivity(ProvisioningLookups lookups, IRegistrarClient registrar, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Nameservers";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        var ns = site.AssignedNameservers.Count == 0 ? "as they were" : $"pointing at {string.Join(", ", site.AssignedNameservers)}";
        if (input.Settings.RestoreRegistrarNameservers)
        {
            if (site.RegistrarAccountId is null)
            {
                await step.RecordAsync(StepOutcome.Info,
                    $"Registrar: the site has no registrar account; nameservers of {site.Domain.RegistrableDomain} left {ns}.").ConfigureAwait(false);
                return true;
            }

            var account = await lookups.RegistrarAccountAsync(site, ct).ConfigureAwait(false);
            var apex = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);
            await registrar.RestoreDefaultNameserversAsync(account, apex, ct).ConfigureAwait(false);
            await step.RecordAsync(StepOutcome.Succeeded,
                $"Registrar: nameservers of {site.Domain.RegistrableDomain} restored to {account.Provider}'s defaults.").ConfigureAwait(false);
            return true;
        }

        await step.RecordAsync(StepOutcome.Info,
            $"Registrar: nameservers of {site.Domain.RegistrableDomain} left {ns} (Provisioning:Teardown:RestoreRegistrarNameservers is off).").ConfigureAwait(false);
        return true;
    });
}
