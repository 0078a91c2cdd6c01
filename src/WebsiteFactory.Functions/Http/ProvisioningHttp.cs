using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Functions.Http;

/// <summary>
/// HTTP starters with the local Server's routes and answers: <c>POST /api/sites/{site}/provision</c>,
/// <c>POST /api/provision</c>, <c>POST /api/sites/{site}/retry</c>, <c>POST /api/sites/{site}/rollback</c>, with
/// the orchestrators and inputs of <c>WebsiteFactory.Workflows</c>. Starts answer 202 with <c>Location</c> and the
/// Durable Functions management payload (<c>CreateCheckStatusResponseAsync</c>); bad input answers
/// <c>application/problem+json</c> and starts nothing.
/// </summary>
/// <param name="sites">The site repository.</param>
/// <param name="settings">The pipeline timings every provisioning input carries.</param>
public sealed class ProvisioningHttp(ISiteRepository sites, ProvisionSettings settings)
{
    private const int MaxBatch = 5000;

    /// <summary><c>POST /api/sites/{site}/provision</c>: starts (or returns the running) provisioning of one site.</summary>
    /// <param name="request">The request.</param>
    /// <param name="site">The site's domain or id.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>202 with the management payload, or a problem.</returns>
    [Function("ProvisionSiteHttp")]
    public async Task<HttpResponseData> ProvisionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sites/{site}/provision")] HttpRequestData request,
        string site,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (found, status, detail) = await this.FindAsync(site, cancellationToken);
        if (found is null)
        {
            return await ProblemAsync(request, status, detail, cancellationToken);
        }

        var id = await client.StartUnlessActiveAsync(ProvisionSite.Name, new ProvisionSiteInput(found.Id, settings), SiteInstanceIds.Provision(found.Domain.Value), cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
    }

    /// <summary><c>POST /api/provision</c> with <c>{"domains": [...]}</c>: one batch orchestration over the listed sites.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>202 with the management payload, or a problem.</returns>
    [Function("ProvisionBatchHttp")]
    public async Task<HttpResponseData> BatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "provision")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        BatchRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<BatchRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, "The body is not valid JSON.", cancellationToken);
        }

        if (body?.Domains is not { Count: > 0 and <= MaxBatch } domains)
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, $"Give a 'domains' list of 1 to {MaxBatch} sites.", cancellationToken);
        }

        var chosen = new List<Guid>();
        foreach (var domain in domains)
        {
            var (found, status, detail) = await this.FindAsync(domain ?? string.Empty, cancellationToken);
            if (found is null)
            {
                return await ProblemAsync(request, status, detail, cancellationToken);
            }

            if (!chosen.Contains(found.Id))
            {
                chosen.Add(found.Id);
            }
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            ProvisionBatch.Name,
            new ProvisionBatchInput(chosen, settings),
            new StartOrchestrationOptions("batch-" + Guid.CreateVersion7().ToString("N")),
            cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/sites/{site}/retry</c>: rewinds a failed instance (completed steps keep their results), or starts
    /// the pipeline again; every step is idempotent, so finished steps are found done.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="site">The site's domain or id.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>202 with the management payload, 409 while running, or a problem.</returns>
    [Function("RetrySiteHttp")]
    public async Task<HttpResponseData> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sites/{site}/retry")] HttpRequestData request,
        string site,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (found, status, detail) = await this.FindAsync(site, cancellationToken);
        if (found is null)
        {
            return await ProblemAsync(request, status, detail, cancellationToken);
        }

        var id = SiteInstanceIds.Provision(found.Domain.Value);
        var current = await client.GetInstanceAsync(id, cancellationToken);
        if (current is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
        {
            await client.RewindInstanceAsync(id, "retry requested over HTTP", cancellationToken);
            return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
        }

        if (current is not null && OrchestrationStarts.IsActive(current.RuntimeStatus))
        {
            return await ProblemAsync(request, HttpStatusCode.Conflict, $"Provisioning of '{found.Domain}' is {current.RuntimeStatus}; wait for it to finish or terminate it first.", cancellationToken);
        }

        id = await client.StartUnlessActiveAsync(ProvisionSite.Name, new ProvisionSiteInput(found.Id, settings), id, cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/sites/{site}/rollback</c>: switches a deployed site back to its previous release
    /// (<see cref="RollbackSite"/>).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="site">The site's domain or id.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>202 with the management payload, 409 when nothing is deployed, or a problem.</returns>
    [Function("RollbackSiteHttp")]
    public async Task<HttpResponseData> RollbackAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sites/{site}/rollback")] HttpRequestData request,
        string site,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (found, status, detail) = await this.FindAsync(site, cancellationToken);
        if (found is null)
        {
            return await ProblemAsync(request, status, detail, cancellationToken);
        }

        if (found.HostingDocRoot is null || found.ServerId is null)
        {
            return await ProblemAsync(request, HttpStatusCode.Conflict, $"'{found.Domain}' has no hosting server or document root yet, so there is nothing to roll back.", cancellationToken);
        }

        var id = await client.StartUnlessActiveAsync(RollbackSite.Name, new PublishSiteInput(found.Id), SiteInstanceIds.Rollback(found.Domain.Value), cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
    }

    private static async Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string detail, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(status);
        var problem = new { type = "about:blank", title = status.ToString(), status = (int)status, detail };
        await response.WriteAsJsonAsync(problem, "application/problem+json", cancellationToken);
        return response;
    }

    private async Task<(Site? Site, HttpStatusCode Status, string Detail)> FindAsync(string value, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(value, out var id))
        {
            return await sites.GetAsync(id, cancellationToken) is { } byId
                ? (byId, HttpStatusCode.OK, string.Empty)
                : (null, HttpStatusCode.NotFound, $"No site has id '{id}'.");
        }

        if (!DomainName.TryParse(value, out var domain, out var error))
        {
            return (null, HttpStatusCode.BadRequest, error);
        }

        return await sites.GetByDomainAsync(domain, cancellationToken) is { } site
            ? (site, HttpStatusCode.OK, string.Empty)
            : (null, HttpStatusCode.NotFound, $"No site has domain '{domain}'.");
    }
}
