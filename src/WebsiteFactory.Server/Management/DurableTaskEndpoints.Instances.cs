using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Server.Management;

/// <summary>Starting and reading instances: start, status (with history), query.</summary>
public static partial class DurableTaskEndpoints
{
    private static async Task<IResult> StartAsync(HttpContext c, string functionName, string? instanceId, DurableTaskClient client, OrchestratorCatalog catalog, ISiteRepository sites)
    {
        if (!catalog.HasOrchestrator(functionName))
        {
            return ApiProblems.Validation("functionName", $"No orchestrator named '{functionName}' is registered.");
        }

        var (input, problem) = await ReadOptionalJsonAsync(c.Request, requireJsonContentType: false);
        if (problem is not null)
        {
            return problem;
        }

        // One operation per site: a start of a site's provisioning, teardown, rollback, redeploy or regenerate runs under
        // the same check as the site routes, and under the operation's own instance id (the one the check looks for).
        if (await SiteOperations.TargetAsync(functionName, input?.ToJsonString(), sites, c.RequestAborted) is { } target)
        {
            if (!string.IsNullOrEmpty(instanceId) && instanceId != target.InstanceId)
            {
                return SiteOperations.WrongInstanceId(target, instanceId, "starting it");
            }

            return await SiteOperations.ExclusiveAsync(c, target.Site, target.InstanceId, client, () => ScheduleAsync(c, functionName, target.InstanceId, input, client));
        }

        return await ScheduleAsync(c, functionName, instanceId, input, client);
    }

    private static async Task<IResult> ScheduleAsync(HttpContext c, string functionName, string? instanceId, JsonNode? input, DurableTaskClient client)
    {
        var version = c.Request.Query["version"].ToString();
        if (!string.IsNullOrEmpty(instanceId) && await client.GetInstanceAsync(instanceId, c.RequestAborted) is { } existing && StatusResponse.IsActive(existing.RuntimeStatus))
        {
            return InstanceExists(instanceId, existing.RuntimeStatus.ToString());
        }

        string id;
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(
                functionName,
                input,
                new StartOrchestrationOptions(string.IsNullOrEmpty(instanceId) ? null : instanceId) { Version = string.IsNullOrEmpty(version) ? null : new TaskVersion(version) },
                c.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            // Started by someone else since the check (OrchestrationAlreadyExistsException on every SDK client).
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Instance exists", e.Message);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Bad request", e.Message);
        }

        if (TryGetSeconds(c.Request.Query, "timeout", out var timeout) && TryGetSeconds(c.Request.Query, "pollingInterval", out _))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted);
            cts.CancelAfter(timeout);
            try
            {
                var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
                return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                    ? Results.Json(ManagementJson.Payload(done.SerializedOutput), ManagementJson.Options, statusCode: StatusCodes.Status200OK)
                    : Results.Json(StatusResponse.Build(done, showInput: true), ManagementJson.Options, statusCode: StatusCodes.Status200OK);
            }
            catch (OperationCanceledException) when (!c.RequestAborted.IsCancellationRequested)
            {
                // Still running after the timeout: the normal 202.
            }
        }

        return ManagementUrls.Accepted(c, id, Hub(c));
    }

    private static async Task<IResult> GetStatusAsync(HttpContext c, string instanceId, DurableTaskClient client)
    {
        var q = c.Request.Query;
        var m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        var showInput = Flag(q, "showInput", true);
        JsonArray? history = null;
        if (Flag(q, "showHistory", false) && m.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            var events = HistoryEntry.From(await client.GetOrchestrationHistoryAsync(instanceId, c.RequestAborted));
            history = HistoryProjection.Project(events, showInput, Flag(q, "showHistoryOutput", false), m.Name);
        }

        var body = StatusResponse.Build(m, showInput, history);
        if (StatusResponse.IsActive(m.RuntimeStatus))
        {
            c.Response.Headers.Location = $"{c.Request.Scheme}://{c.Request.Host}{c.Request.PathBase}{c.Request.Path}{c.Request.QueryString}";
            c.Response.Headers.RetryAfter = "5";
            return Results.Json(body, ManagementJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        var failedAs500 = m.RuntimeStatus == OrchestrationRuntimeStatus.Failed && Flag(q, "returnInternalServerErrorOnFailure", false);
        return Results.Json(body, ManagementJson.Options, statusCode: failedAs500 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
    }

    private static async Task<IResult> QueryAsync(HttpContext c, DurableTaskClient client)
    {
        var q = c.Request.Query;
        var errors = new List<Core.Domain.FieldError>();
        var from = Time(q, "createdTimeFrom", errors);
        var to = Time(q, "createdTimeTo", errors);
        var top = OrchestrationQuery.DefaultPageSize;
        if (q.TryGetValue("top", out var topText) && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1))
        {
            errors.Add(new("top", "top must be a positive integer."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var token = c.Request.Headers[ContinuationHeader].ToString();
        var showInput = Flag(q, "showInput", true);
        var prefix = q["instanceIdPrefix"].ToString();
        Page<OrchestrationMetadata>? page = null;
        try
        {
            var pageSize = Math.Min(top, 1000);
            var query = new OrchestrationQuery(from, to, Statuses(q["runtimeStatus"]), InstanceIdPrefix: string.IsNullOrEmpty(prefix) ? null : prefix, PageSize: pageSize, FetchInputsAndOutputs: true);
            await using var pages = client.GetAllInstancesAsync(query).AsPages(string.IsNullOrEmpty(token) ? null : token, pageSize).GetAsyncEnumerator(c.RequestAborted);
            if (await pages.MoveNextAsync())
            {
                page = pages.Current;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return ApiProblems.Validation(ContinuationHeader, e.Message);
        }

        // The header is always present; empty means no more pages.
        c.Response.Headers[ContinuationHeader] = page?.ContinuationToken ?? string.Empty;
        var array = new JsonArray();
        foreach (var m in page?.Values ?? [])
        {
            array.Add(StatusResponse.Build(m, showInput));
        }

        return Results.Json(array, ManagementJson.Options);
    }
}
