using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// What the dashboard and <c>wf</c> watch: batch progress (<c>GET /api/batches/{id}</c>), an instance's history with
/// durations (<c>GET /api/instances/{id}/history</c>), and live site events as Server-Sent Events (<c>GET /api/events</c>).
/// </summary>
public static class MonitoringApi
{
    /// <summary>One site in a batch.</summary>
    /// <param name="Domain">The domain.</param>
    /// <param name="InstanceId">Its provisioning instance.</param>
    /// <param name="RuntimeStatus">The instance status, or null when not started yet.</param>
    /// <param name="CustomStatus">The instance's custom status (current step), if any.</param>
    /// <param name="Output">The instance's output once finished (the failure message when it failed).</param>
    /// <param name="Site">The site's step statuses, or null when the site was deleted.</param>
    /// <param name="Succeeded">True when the instance completed, false when it failed or was terminated, null while running.</param>
    /// <param name="FailedStep">The step a failed run stopped at (from the Failed instance), when known.</param>
    /// <param name="Error">Why it failed, when it failed.</param>
    public sealed record BatchSite(string Domain, string InstanceId, string? RuntimeStatus, JsonNode? CustomStatus, JsonNode? Output, SiteDto? Site, bool? Succeeded = null, string? FailedStep = null, string? Error = null);

    /// <summary>A batch's progress.</summary>
    /// <param name="Id">The batch instance id.</param>
    /// <param name="RuntimeStatus">The batch instance status.</param>
    /// <param name="CreatedAt">When it started.</param>
    /// <param name="LastUpdatedAt">When it last changed.</param>
    /// <param name="Total">How many sites.</param>
    /// <param name="Completed">Sites whose run succeeded (instance completed).</param>
    /// <param name="Failed">Sites whose run failed (instance failed or terminated).</param>
    /// <param name="Running">Sites still running or not yet started.</param>
    /// <param name="Sites">Per-site detail.</param>
    /// <param name="Output">The batch's output once finished (per-site report).</param>
    public sealed record BatchProgress(string Id, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, int Total, int Completed, int Failed, int Running, IReadOnlyList<BatchSite> Sites, JsonNode? Output);

    /// <summary><c>GET /api/batches/{id}</c>: a batch's progress, per site.</summary>
    [ApiRoute("GET", "/api/batches/{id}", ApiScope.Read)]
    public static async Task<IResult> BatchAsync(string id, DurableTaskClient client, ISiteRepository sites, CancellationToken ct)
    {
        var batch = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (batch is null)
        {
            return ApiProblems.NotFound($"No batch instance has id '{id}'.");
        }

        // One status read per site: at most 8 at a time, so a 500-site batch answers in seconds without taking the pool.
        var references = ProvisioningApi.DomainsOf(batch.SerializedInput).Distinct(StringComparer.Ordinal).ToArray();
        var found = new BatchSite?[references.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, references.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            found[i] = await BatchSiteAsync(references[i], client, sites, token);
        });
        var items = found.OfType<BatchSite>().ToList();
        var completed = items.Count(i => i.Succeeded == true);
        var failed = items.Count(i => i.Succeeded == false);
        return TypedResults.Ok(new BatchProgress(batch.InstanceId, batch.RuntimeStatus.ToString(), batch.CreatedAt, batch.LastUpdatedAt, items.Count, completed, failed, items.Count - completed - failed, items, ManagementJson.Payload(batch.SerializedOutput)));
    }

    private static async Task<BatchSite?> BatchSiteAsync(string reference, DurableTaskClient client, ISiteRepository sites, CancellationToken ct)
    {
        var (site, _) = await SiteLocator.FindAsync(sites, reference, ct);
        if (site is null)
        {
            return null;
        }

        var instanceId = ProvisioningContract.SiteInstanceId(site.Domain);
        var child = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        var outcome = ProvisioningOutcome.Of(child);
        var output = child is { RuntimeStatus: OrchestrationRuntimeStatus.Failed } && child.SerializedOutput is null ? JsonValue.Create(outcome.Error) : ManagementJson.Payload(child?.SerializedOutput);
        return new BatchSite(
            site.Domain.Value, instanceId, child?.RuntimeStatus.ToString(), ManagementJson.Payload(child?.SerializedCustomStatus), output, SiteDto.From(site),
            outcome.Succeeded, outcome.FailedStep, outcome.Error);
    }

    /// <summary><c>GET /api/instances/{id}/history</c>: an instance's status, history events and spans (the dashboard's history view).</summary>
    [ApiRoute("GET", "/api/instances/{id}/history", ApiScope.Read)]
    public static async Task<IResult> HistoryAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var m = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (m is null)
        {
            return ApiProblems.NotFound($"No instance has id '{id}'.");
        }

        var events = m.RuntimeStatus == OrchestrationRuntimeStatus.Pending ? [] : HistoryEntry.From(await client.GetOrchestrationHistoryAsync(id, ct));
        return TypedResults.Ok(InstanceHistory.Build(m, events));
    }

    /// <summary><c>GET /api/events?after=</c>: live site events as Server-Sent Events, resuming from <c>Last-Event-ID</c>.</summary>
    [ApiRoute("GET", "/api/events", ApiScope.Read)]
    public static IResult Events(HttpRequest request, ISiteEventLog log, TimeProvider clock, CancellationToken ct)
    {
        var after = 0L;
        var start = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } last ? last : request.Query["after"].ToString();
        if (start.Length > 0 && !long.TryParse(start, out after))
        {
            return ApiProblems.Validation("after", "after must be an event id.");
        }

        return TypedResults.ServerSentEvents(StreamAsync(log, after, clock, ct));
    }

    private static async IAsyncEnumerable<SseItem<SitesApi.SiteEventDto>> StreamAsync(ISiteEventLog log, long after, TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<SiteEvent> batch;
            do
            {
                batch = await log.ListSinceAsync(after, 200, ct);
                foreach (var e in batch)
                {
                    after = e.Id;
                    yield return new SseItem<SitesApi.SiteEventDto>(SitesApi.SiteEventDto.From(e), "site_event") { EventId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                }
            }
            while (batch.Count == 200);

            try
            {
                await timer.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
