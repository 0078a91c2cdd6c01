using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Teardown and the rollback of a failed provisioning.</summary>
public static partial class ProvisioningApi
{
    /// <summary>
    /// Whether a teardown or rollback of the site ran after the provisioning instance was created: then the resources its
    /// history created are gone, and rewinding it would go on from steps whose results no longer exist, so a retry starts
    /// a fresh run instead.
    /// </summary>
    /// <param name="events">The audit trail.</param>
    /// <param name="site">The site.</param>
    /// <param name="since">When the provisioning instance was created.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>True when a teardown or rollback started after <paramref name="since"/>.</returns>
    internal static async Task<bool> TornDownSinceAsync(ISiteEventLog events, Site site, DateTimeOffset since, CancellationToken ct)
    {
        long? before = null;
        while (true)
        {
            var page = await events.ListForSiteAsync(site.Id, 200, before, ct);
            foreach (var e in page)
            {
                if (e.At < since)
                {
                    return false;
                }

                if (e.Step == SiteStep.Teardown && e.Outcome == StepOutcome.Started)
                {
                    return true;
                }
            }

            if (page.Count < 200)
            {
                return false;
            }

            before = page[^1].Id;
        }
    }

    /// <summary>
    /// <c>POST /api/sites/{site}/teardown</c>: starts the teardown (<c>TeardownSite</c>), or joins the running one; 404 for an
    /// unknown site, 409 while another operation of the site runs, 501 in a host without the orchestrator.
    /// With <c>?rollback=true</c> it is the rollback of the site's <b>failed</b> provisioning (the "Roll back" button): the
    /// same steps, but the site ends <c>active</c> and not provisioned instead of <c>deleted</c>; 409 when the site's
    /// provisioning is not Failed.
    /// </summary>
    [ApiRoute("POST", "/api/sites/{site}/teardown", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> TeardownAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog)
    {
        var q = new QueryValues(c.Request.Query);
        var rollback = q.Bool("rollback");
        if (q.Errors.Count > 0)
        {
            return ApiProblems.Validation(q.Errors);
        }

        var (found, problem) = await SiteLocator.FindAsync(sites, site, c.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (!catalog.HasOrchestrator(ProvisioningContract.TeardownSite))
        {
            return ApiProblems.Status(
                StatusCodes.Status501NotImplemented,
                "Teardown not implemented",
                "Teardown (deleting the zone, records, CloudPanel site and Matomo site) is not available in this version; remove the site's resources by hand, then DELETE /api/sites/{domain}.");
        }

        var instanceId = ProvisioningContract.TeardownInstanceId(found!.Domain);
        return await SiteOperations.ExclusiveAsync(c, found, instanceId, client, async () =>
        {
            string? rollbackOf = null;
            if (rollback)
            {
                var provision = await client.GetInstanceAsync(ProvisioningContract.SiteInstanceId(found.Domain), getInputsAndOutputs: true, c.RequestAborted);
                if (provision is not { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
                {
                    return ApiProblems.Status(StatusCodes.Status409Conflict, "Nothing to roll back",
                        $"The provisioning of '{found.Domain}' is {provision?.RuntimeStatus.ToString() ?? "not started"}, not Failed; only a failed provisioning is rolled back. To remove a site, tear it down.");
                }

                rollbackOf = SiteStepFailedException.TryRead(provision.FailureDetails, out var step, out var reason)
                    ? $"step {step}: {reason}"
                    : provision.FailureDetails?.ErrorMessage ?? "failed";
            }

            var id = await InstanceStarts.StartOrJoinAsync(
                client,
                ProvisioningContract.TeardownSite,
                ProvisioningContract.TeardownInput(found, c.RequestServices.GetService<ProvisionSettings>(), rollbackOf),
                instanceId,
                c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        });
    }
}
