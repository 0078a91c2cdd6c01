using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// One mutating operation per site: provision (and retry, which rewinds or restarts the provisioning instance), teardown,
/// rollback, redeploy and regenerate exclude each other (<see cref="SiteOperationKinds"/>). Starting one while another of
/// the same site is Pending, Running or Suspended answers 409 with the running instance's id (<c>instanceId</c>) and kind
/// (<c>kind</c>).
/// </summary>
/// <remarks>
/// <para>Race-free across hosts: the check and the start run under the site's lock in PostgreSQL
/// (<see cref="ISiteOperationGate"/>), which every host shares, so of two concurrent requests on any two processes one
/// sees the other's instance. The start is scheduled before the lock is released and a scheduled instance is Pending at
/// once, so the next holder sees it. A single per-site "operation" instance id claimed with the SDK's start dedupe was not
/// chosen: it would change the instance ids that status pages, the CLI, retries (rewind) and batches address, and one id
/// per site would mix the histories of different orchestrations.</para>
/// <para>A second request for the same operation while it runs joins it (202 with the same id), as before; retry of a
/// running provisioning stays a 409.</para>
/// <para><b>Batches</b> (<c>POST /api/provision</c>) schedule their sites' <c>provision-{domain}</c> children from the
/// orchestration, so they are covered twice: the route refuses a batch naming a site with another active operation (409
/// listing them in <c>busy</c>, nothing started: an operator who names sites expects all of them provisioned, not a
/// batch that silently skips some), and each child's first step checks again under the site's lock
/// (<see cref="WebsiteFactory.Workflows.Provisioning.Activities.CheckSiteIdleActivity"/>), which closes the race with an
/// operation started after the batch was accepted: the child then fails naming it, and nothing is done to the site.</para>
/// <para><b>Management routes</b> (the Durable Functions HTTP API of the local server: start, rewind, restart) go through
/// <see cref="ExclusiveAsync"/> too when they address a site operation (<see cref="TargetAsync"/>), and keep its instance
/// id (restart with a new id, or a start under another id, is refused), since the rule finds operations by id. Terminate,
/// suspend, resume, raise event, purge and queries start nothing and are not checked.</para>
/// <para>A lock not obtained within <c>Database:SiteOperationLockWait</c> (a stuck holder; checks take milliseconds)
/// throws <see cref="SiteOperationGateTimeoutException"/>, which both hosts answer with 503 and <c>Retry-After</c>
/// (<see cref="Problems.ApiExceptionProblems"/>), for every route at once.</para>
/// <para>Not mutating for this rule: the background Matomo retry (<c>analytics-{domain}</c>, it only touches Matomo) and
/// the nightly analytics run.</para>
/// </remarks>
public static partial class SiteOperations
{
    /// <summary>
    /// Runs <paramref name="start"/> under the site's lock unless another mutating operation of the site is active, in which
    /// case the answer is 409 naming it.
    /// </summary>
    /// <param name="c">The request (its services provide the gate).</param>
    /// <param name="site">The site.</param>
    /// <param name="instanceId">The id of the operation being started (an active instance with this id is not "another").</param>
    /// <param name="client">The Durable client.</param>
    /// <param name="start">Starts (or joins, or rewinds) the operation.</param>
    /// <returns>The start's answer, or the 409.</returns>
    /// <exception cref="SiteOperationGateTimeoutException">The site's lock was not obtained in time (a 503 for the hosts).</exception>
    public static async Task<IResult> ExclusiveAsync(HttpContext c, Site site, string instanceId, DurableTaskClient client, Func<Task<IResult>> start)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(start);
        var gate = c.RequestServices.GetRequiredService<ISiteOperationGate>();
        await using var lease = await gate.EnterAsync(site.Id, c.RequestAborted);
        foreach (var (kind, idOf) in SiteOperationKinds.All)
        {
            var id = idOf(site.Domain.Value);
            if (id != instanceId && await client.GetInstanceAsync(id, c.RequestAborted) is { } other && StatusResponse.IsActive(other.RuntimeStatus))
            {
                return Busy(site.Domain, id, kind, other.RuntimeStatus);
            }
        }

        return await start();
    }

    /// <summary>409: another mutating operation of the site is active.</summary>
    /// <param name="domain">The site.</param>
    /// <param name="instanceId">The active instance.</param>
    /// <param name="kind">Its kind (provision, teardown, rollback, redeploy, regenerate).</param>
    /// <param name="status">Its runtime status.</param>
    /// <returns>The problem, with <c>instanceId</c> and <c>kind</c> extension members.</returns>
    public static ProblemHttpResult Busy(DomainName domain, string instanceId, string kind, OrchestrationRuntimeStatus status) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Another operation is running",
            detail: $"'{domain}' is busy: {kind} {instanceId} is {status}. One operation per site runs at a time; wait for it to finish (or terminate it), then try again.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["instanceId"] = instanceId, ["kind"] = kind });

    /// <summary>
    /// Null when the site has an earlier real release to roll back to, else a 409 saying why not (CloudPanel's placeholder is
    /// not a release). Read from the site's audit trail; the rollback script checks the server's own history again.
    /// </summary>
    /// <param name="site">The site.</param>
    /// <param name="events">The audit trail.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The refusal, or null.</returns>
    public static async Task<ProblemHttpResult?> RollbackRefusalAsync(Site site, ISiteEventLog events, CancellationToken ct)
    {
        var all = new List<SiteEvent>();
        long? before = null;
        while (true)
        {
            var page = await events.ListForSiteAsync(site.Id, 1000, before, ct);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }

            before = page[^1].Id;
        }

        all.Reverse();
        var history = ReleaseHistory.Replay(all);
        if (ReleaseHistory.RollbackTarget(history) is not null)
        {
            return null;
        }

        var detail = history.Count == 0 || history[^1] == DeployResult.PlaceholderReleaseId
            ? $"No release of '{site.Domain}' has gone live yet, so there is nothing to roll back; deploy one first (wf redeploy)."
            : $"'{site.Domain}' has no earlier release to go back to: {history[^1]} is live and the only release before it is CloudPanel's placeholder page, which a rollback never restores. Deploy a fixed release instead (wf redeploy or wf regenerate).";
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No earlier release", detail: detail);
    }
}
