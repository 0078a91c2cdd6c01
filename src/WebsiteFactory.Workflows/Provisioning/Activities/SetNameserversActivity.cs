using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Step 3: point the registrar at the zone's assigned nameservers (read first, set, read back to verify).</summary>
[DurableTask(Name)]
public sealed class SetNameserversActivity(ProvisioningLookups lookups, IRegistrarClient registrar, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_SetNameservers";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var account = await lookups.RegistrarAccountAsync(site, ct).ConfigureAwait(false);
        var wanted = site.AssignedNameservers;
        if (wanted.Count < 2)
        {
            throw new PermanentStepException($"Site {site.Domain} has no assigned nameservers; the zone step must run first.");
        }

        var domain = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);
        var changed = await registrar.EnsureNameserversAsync(account, domain, wanted, ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Nameservers,
            Outcome = StepOutcome.Succeeded,
            Message = changed ? $"{account.Provider} now delegates {domain} to {string.Join(", ", wanted)}." : $"{account.Provider} already delegates {domain} to the assigned nameservers.",
            Actor = $"workflow:{context.InstanceId}",
        }, ct).ConfigureAwait(false);
        return changed;
    });
}
