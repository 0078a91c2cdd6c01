using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown;

/// <summary>
/// What every teardown step activity starts with: the site (read fresh), the actor its events are recorded under and the
/// activity's cancellation token; and the one way it writes its <c>teardown</c> event.
/// </summary>
internal sealed class TeardownStep
{
    private readonly ISiteStateStore _store;

    private TeardownStep(ISiteStateStore store, Site site, string actor, CancellationToken cancellationToken)
    {
        _store = store;
        Site = site;
        Actor = actor;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the site as stored now.</summary>
    public Site Site { get; }

    /// <summary>Gets who the events are recorded as (<c>workflow:{instance id}</c>).</summary>
    public string Actor { get; }

    /// <summary>Gets the activity's cancellation token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reads the step's site (a missing site is a permanent failure, see <see cref="ProvisioningLookups.SiteAsync"/>).</summary>
    public static async Task<TeardownStep> StartAsync(ProvisioningLookups lookups, ISiteStateStore store, IActivityExecutionAccessor execution, TaskActivityContext context, TeardownStepInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        return new TeardownStep(store, site, $"workflow:{context.InstanceId}", ct);
    }

    /// <summary>Appends the step's <c>teardown</c> event (<see cref="TeardownEvents.RecordAsync"/>).</summary>
    public Task RecordAsync(StepOutcome outcome, string message, SiteLifecycle? lifecycle = null) =>
        TeardownEvents.RecordAsync(_store, Site.Id, outcome, message, Actor, CancellationToken, lifecycle);
}
