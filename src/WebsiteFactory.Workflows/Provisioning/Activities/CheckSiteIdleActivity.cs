using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// The first step of an exclusive <see cref="ProvisionSite"/> (<see cref="ProvisionSiteInput.Exclusive"/>): under the
/// site's gate (<see cref="ISiteOperationGate"/>), checks that no other mutating operation of the site
/// (<see cref="SiteOperationKinds"/>) is active, and fails permanently, naming it, when one is.
/// </summary>
/// <remarks>
/// <para>This closes the batch's side of "one operation per site" race-free across processes: a batch schedules its
/// <c>provision-{domain}</c> children from the orchestration, not under the API's check. The child instance exists
/// (Pending) before this step runs, and every API start checks under the same gate for an active
/// <c>provision-{domain}</c>. So of a child and, say, a teardown started at the same moment, either the teardown's check
/// sees the child (409), or the teardown was scheduled before the teardown's check released the gate, which is before
/// this step took it, and this step sees the teardown.</para>
/// <para>A refusal is an activity failure (<see cref="PermanentStepException"/>, not retried), so rewinding the failed
/// instance, which <c>POST /api/sites/{site}/retry</c> does once the other operation is over, runs this check again.
/// A gate not obtained in time (<see cref="SiteOperationGateTimeoutException"/>) is an ordinary error and retried.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class CheckSiteIdleActivity(ProvisioningLookups lookups, ISiteOperationGate gate, IOrchestrationStarter starter, IActivityExecutionAccessor execution) : TaskActivity<SiteIdleInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_CheckSiteIdle";

    /// <inheritdoc />
    /// <returns>True: no other operation of the site is active.</returns>
    /// <exception cref="PermanentStepException">Another operation of the site is active, or the site does not exist.</exception>
    public override async Task<bool> RunAsync(TaskActivityContext context, SiteIdleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        await using var lease = await gate.EnterAsync(site.Id, ct).ConfigureAwait(false);
        if (await SiteOperationKinds.OtherActiveAsync(site.Domain.Value, input.InstanceId, starter.IsActiveAsync, ct).ConfigureAwait(false) is { } other)
        {
            throw new PermanentStepException(
                $"Not started: '{site.Domain}' is busy with {other.Kind} {other.InstanceId}. One operation per site runs at a time; run this one again once it has finished.");
        }

        return true;
    }
}
