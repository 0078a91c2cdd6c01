using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Server.Management;

/// <summary>
/// Acting on instances: purge, raise event, terminate/suspend/resume, rewind, restart. Rewind and restart of a site's
/// mutating operation run under the one-operation-per-site check (<see cref="SiteOperations"/>): 409 naming the other
/// active operation of the site; the others start nothing and are not checked.
/// </summary>
public static partial class DurableTaskEndpoints
{
    private static async Task<IResult> PurgeOneAsync(HttpContext c, string instanceId, DurableTaskClient client)
    {
        var m = await client.GetInstanceAsync(instanceId, cancellation: c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        if (!StatusResponse.IsTerminal(m.RuntimeStatus))
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not finished", $"Instance '{instanceId}' is {m.RuntimeStatus}; only Completed, Failed or Terminated instances can be purged.");
        }

        try
        {
            var result = await client.PurgeInstanceAsync(instanceId, cancellation: c.RequestAborted);
            return result.PurgedInstanceCount == 0 ? EmptyNotFound(c) : Purged(result.PurgedInstanceCount);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not finished", e.Message);
        }
    }

    private static async Task<IResult> PurgeManyAsync(HttpContext c, DurableTaskClient client, TimeProvider clock)
    {
        var q = c.Request.Query;
        var errors = new List<Core.Domain.FieldError>();
        var from = Time(q, "createdTimeFrom", errors);
        var to = Time(q, "createdTimeTo", errors);
        if (from is null && errors.Count == 0)
        {
            errors.Add(new("createdTimeFrom", "createdTimeFrom is required to purge by filter."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to ?? clock.GetUtcNow(), Statuses(q["runtimeStatus"])), c.RequestAborted);
        return result.PurgedInstanceCount == 0 ? EmptyNotFound(c) : Purged(result.PurgedInstanceCount);
    }

    private static async Task<IResult> RaiseEventAsync(HttpContext c, string instanceId, string eventName, DurableTaskClient client)
    {
        var m = await client.GetInstanceAsync(instanceId, cancellation: c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        if (StatusResponse.IsTerminal(m.RuntimeStatus))
        {
            return Gone(instanceId, m.RuntimeStatus);
        }

        var (payload, problem) = await ReadOptionalJsonAsync(c.Request, requireJsonContentType: true);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            await client.RaiseEventAsync(instanceId, eventName, payload, c.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Status(StatusCodes.Status410Gone, "Instance finished", e.Message);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Bad request", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ControlAsync(HttpContext c, string instanceId, DurableTaskClient client, Func<string, CancellationToken, Task> action)
    {
        var m = await client.GetInstanceAsync(instanceId, cancellation: c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        if (StatusResponse.IsTerminal(m.RuntimeStatus))
        {
            return Gone(instanceId, m.RuntimeStatus);
        }

        try
        {
            await action(instanceId, c.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Status(StatusCodes.Status410Gone, "Instance finished", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RewindAsync(HttpContext c, string instanceId, string? reason, DurableTaskClient client, ISiteRepository sites)
    {
        var m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        if (m.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not failed", $"Instance '{instanceId}' is {m.RuntimeStatus}; only Failed instances can be rewound.");
        }

        // One operation per site: rewinding a site's operation runs it again, so it takes the same check as a start, and
        // waits (under the site's lock) for a worker to take the rewind up: until then the instance still reads Failed.
        if (await SiteOperations.TargetAsync(m.Name, m.SerializedInput, sites, c.RequestAborted) is { } target)
        {
            return instanceId != target.InstanceId
                ? SiteOperations.WrongInstanceId(target, instanceId, "rewinding it")
                : await SiteOperations.ExclusiveAsync(c, target.Site, target.InstanceId, client, async () =>
                {
                    var answer = await RewindNowAsync(c, instanceId, reason, client);
                    if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted })
                    {
                        await SiteOperations.WaitForRewindAsync(client, instanceId, m.LastUpdatedAt, c.RequestAborted);
                    }

                    return answer;
                });
        }

        return await RewindNowAsync(c, instanceId, reason, client);
    }

    private static async Task<IResult> RewindNowAsync(HttpContext c, string instanceId, string? reason, DurableTaskClient client)
    {
        try
        {
            // Rewind only enqueues: the instance stays Failed until a worker runs the rewind.
            await client.RewindInstanceAsync(instanceId, string.IsNullOrEmpty(reason) ? "Rewound through the management API" : reason, c.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not failed", e.Message);
        }
        catch (NotSupportedException e)
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Rewind not supported", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RestartAsync(HttpContext c, string instanceId, DurableTaskClient client, ISiteRepository sites)
    {
        var newId = Flag(c.Request.Query, "restartWithNewInstanceId", true);
        var m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, c.RequestAborted);
        if (m is null)
        {
            // The extension answers 400 (ArgumentException), not 404, for an unknown id here.
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Unknown instance", $"No orchestration instance with id '{instanceId}' exists.");
        }

        // One operation per site: restarting a site's operation starts it again, under the same check as a start and
        // under its own id (a new id would hide it from the check).
        if (await SiteOperations.TargetAsync(m.Name, m.SerializedInput, sites, c.RequestAborted) is { } target)
        {
            return newId || instanceId != target.InstanceId
                ? SiteOperations.WrongInstanceId(target, newId ? null : instanceId, newId ? "restarting it with a new instance id" : "restarting it")
                : await SiteOperations.ExclusiveAsync(c, target.Site, target.InstanceId, client, () => RestartNowAsync(c, instanceId, newId, client));
        }

        return await RestartNowAsync(c, instanceId, newId, client);
    }

    private static async Task<IResult> RestartNowAsync(HttpContext c, string instanceId, bool newId, DurableTaskClient client)
    {
        try
        {
            var id = await client.RestartAsync(instanceId, newId, c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        }
        catch (InvalidOperationException e)
        {
            // Not finished, or the new id exists (InvalidOrchestrationStateException, OrchestrationAlreadyExistsException).
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Instance running", e.Message);
        }
        catch (ArgumentException e)
        {
            // Purged since the check (OrchestrationNotFoundException).
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Unknown instance", e.Message);
        }
    }
}
