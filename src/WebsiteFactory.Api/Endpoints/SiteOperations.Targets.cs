using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>A site's mutating operation addressed by a management route.</summary>
/// <param name="Site">The site.</param>
/// <param name="Kind">The kind (provision, teardown, rollback, redeploy, regenerate).</param>
/// <param name="InstanceId">The operation's instance id for this site (<see cref="SiteInstanceIds"/>), the one the rule checks.</param>
public sealed record SiteOperationTarget(Site Site, string Kind, string InstanceId);

/// <summary>The facets of the rule that batches and management routes use.</summary>
public static partial class SiteOperations
{
    /// <summary>How long a rewind under the site's lock waits for a worker to take it up (see <see cref="WaitForRewindAsync"/>).</summary>
    public static readonly TimeSpan RewindPickup = TimeSpan.FromSeconds(10);

    /// <summary>The operation kind an orchestrator's instances are, or null when it is not a site's mutating operation.</summary>
    /// <param name="orchestrator">The registered orchestrator name.</param>
    /// <returns>The kind, or null.</returns>
    public static string? KindOfOrchestrator(string? orchestrator) => orchestrator switch
    {
        ProvisioningContract.ProvisionSite => "provision",
        ProvisioningContract.TeardownSite => "teardown",
        ProvisioningContract.RollbackSite => "rollback",
        ProvisioningContract.Redeploy => "redeploy",
        ProvisioningContract.RegenerateContent => "regenerate",
        _ => null,
    };

    /// <summary>
    /// The site operation an instance of <paramref name="orchestrator"/> with <paramref name="serializedInput"/> is: the
    /// orchestrator is one of the site's mutating operations and its input names an existing site (<c>SiteId</c>, as
    /// every one of their inputs does). Null otherwise: then the rule has nothing to check.
    /// </summary>
    /// <param name="orchestrator">The orchestrator name.</param>
    /// <param name="serializedInput">The instance's (or the start's) input JSON.</param>
    /// <param name="sites">The site repository.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The target, or null.</returns>
    public static async Task<SiteOperationTarget?> TargetAsync(string? orchestrator, string? serializedInput, ISiteRepository sites, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (KindOfOrchestrator(orchestrator) is not { } kind || SiteIdOf(serializedInput) is not { } siteId || await sites.GetAsync(siteId, ct) is not { } site)
        {
            return null;
        }

        var idOf = SiteOperationKinds.All.First(k => k.Kind == kind).IdOf;
        return new SiteOperationTarget(site, kind, idOf(site.Domain.Value));
    }

    /// <summary>400: a site operation must run under its own instance id, or the rule would not see it.</summary>
    /// <param name="target">The operation.</param>
    /// <param name="instanceId">The id asked for.</param>
    /// <param name="what">What was asked (<c>start</c>, <c>restart with a new instance id</c>, ...).</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult WrongInstanceId(SiteOperationTarget target, string? instanceId, string what)
    {
        ArgumentNullException.ThrowIfNull(target);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Site operations keep their instance id",
            detail: $"A {target.Kind} of '{target.Site.Domain}' runs as {target.InstanceId}, the id the one-operation-per-site check looks for; "
                + $"{what}{(string.IsNullOrEmpty(instanceId) ? string.Empty : $" as '{instanceId}'")} would run it where the check cannot see it. "
                + $"Use {target.InstanceId} (for a restart: restartWithNewInstanceId=false), or the site's own route (POST /api/sites/{target.Site.Domain}/...).",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["instanceId"] = target.InstanceId, ["kind"] = target.Kind });
    }

    /// <summary>
    /// The sites of a batch that have another mutating operation than provisioning active (a running provisioning of a
    /// site is the batch's own child id, joined rather than refused). Reads the active instances of each other kind once
    /// (an id-prefix query), so a batch of thousands of sites costs four queries, not four per site.
    /// </summary>
    /// <param name="sites">The batch's sites.</param>
    /// <param name="client">The Durable client.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>Each busy site with the kind and id of its active operation, in batch order.</returns>
    public static async Task<List<(Site Site, string Kind, string InstanceId)>> BusySitesAsync(IReadOnlyList<Site> sites, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(client);
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kind, _) in SiteOperationKinds.All.Where(k => k.Kind != "provision"))
        {
            var query = new OrchestrationQuery
            {
                InstanceIdPrefix = kind + "-",
                Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
                FetchInputsAndOutputs = false,
            };
            await foreach (var m in client.GetAllInstancesAsync(query).WithCancellation(ct))
            {
                active.Add(m.InstanceId);
            }
        }

        var busy = new List<(Site, string, string)>();
        foreach (var site in sites)
        {
            foreach (var (kind, idOf) in SiteOperationKinds.All.Where(k => k.Kind != "provision"))
            {
                if (active.Contains(idOf(site.Domain.Value)))
                {
                    busy.Add((site, kind, idOf(site.Domain.Value)));
                    break;
                }
            }
        }

        return busy;
    }

    /// <summary>409 for a batch naming sites that are busy: nothing was started.</summary>
    /// <param name="busy">The busy sites (at least one).</param>
    /// <returns>The problem, with a <c>busy</c> list of <c>{domain, instanceId, kind}</c>.</returns>
    public static ProblemHttpResult BatchBusy(IReadOnlyList<(Site Site, string Kind, string InstanceId)> busy)
    {
        ArgumentNullException.ThrowIfNull(busy);
        var shown = string.Join("; ", busy.Take(10).Select(b => $"'{b.Site.Domain}': {b.Kind} {b.InstanceId}"));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Another operation is running",
            detail: $"{busy.Count} site(s) of the batch are busy ({shown}{(busy.Count > 10 ? "; ..." : string.Empty)}). One operation per site runs at a time, so nothing was started; "
                + "wait for those operations to finish, or leave those sites out of the batch, then try again.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["busy"] = busy.Select(b => new Dictionary<string, string>(StringComparer.Ordinal) { ["domain"] = b.Site.Domain.Value, ["instanceId"] = b.InstanceId, ["kind"] = b.Kind }).ToList(),
            });
    }

    /// <summary>
    /// Waits, briefly, until a worker has taken up a rewind (the instance left Failed or changed). A rewind only enqueues:
    /// the instance stays Failed until a worker runs it, and a Failed instance is not "active" to the rule, so callers
    /// wait for this under the site's lock; a rewind not taken up in <see cref="RewindPickup"/> still happens.
    /// </summary>
    /// <param name="client">The Durable client.</param>
    /// <param name="id">The instance.</param>
    /// <param name="failedAt">Its last update while Failed.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WaitForRewindAsync(DurableTaskClient client, string id, DateTimeOffset failedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RewindPickup)
        {
            var m = await client.GetInstanceAsync(id, ct);
            if (m is null || m.RuntimeStatus != OrchestrationRuntimeStatus.Failed || m.LastUpdatedAt > failedAt)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>The <c>SiteId</c> (any case) of an input JSON object, or null.</summary>
    private static Guid? SiteIdOf(string? serializedInput)
    {
        if (string.IsNullOrWhiteSpace(serializedInput))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(serializedInput);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name.Equals("siteId", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String && Guid.TryParse(p.Value.GetString(), out var id))
                {
                    return id;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
