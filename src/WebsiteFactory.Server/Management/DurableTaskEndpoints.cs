using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Server.Problems;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Server.Management;

/// <summary>
/// The Durable Functions HTTP management API under <c>/runtime/webhooks/durabletask</c>, backed by
/// <see cref="IWorkflowClient"/>: same paths, query parameters, headers and status codes as the extension's
/// <c>HttpApiHandler</c> (docs/durable-http-api.md). Unknown instances answer 404 with an empty body, as there;
/// other errors are problem+json.
/// </summary>
public static class DurableTaskEndpoints
{
    /// <summary>The continuation header of the query route.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapDurableTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(ManagementUrls.BasePath).WithTags("Durable Functions management").ExcludeFromDescription();
        g.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapGet("/instances/{instanceId}", GetStatusAsync).RequireAuthorization(AuthPolicies.Read);
        g.MapGet("/instances", QueryAsync).RequireAuthorization(AuthPolicies.Read);
        g.MapDelete("/instances/{instanceId}", PurgeOneAsync).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        g.MapDelete("/instances", PurgeManyAsync).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/terminate", (HttpContext c, string instanceId, string? reason, IWorkflowClient w) =>
            ControlAsync(c, instanceId, w, (id, ct) => w.TerminateInstanceAsync(id, reason, cancellation: ct))).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/suspend", (HttpContext c, string instanceId, string? reason, IWorkflowClient w) =>
            ControlAsync(c, instanceId, w, (id, ct) => w.SuspendInstanceAsync(id, reason, ct))).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/resume", (HttpContext c, string instanceId, string? reason, IWorkflowClient w) =>
            ControlAsync(c, instanceId, w, (id, ct) => w.ResumeInstanceAsync(id, reason, ct))).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/rewind", RewindAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/restart", RestartAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);

        // Anything else under the base (entities, makeprimary, typos) is 404 with no body, like the extension.
        g.Map("/{**rest}", (HttpContext c) => EmptyNotFound(c)).RequireAuthorization(AuthPolicies.Read);
        return app;
    }

    /// <summary>Parses a Durable Functions boolean query parameter: <c>true</c>/<c>false</c> in any case; anything else gives the default.</summary>
    /// <param name="query">The query.</param>
    /// <param name="name">The parameter.</param>
    /// <param name="defaultValue">The default.</param>
    /// <returns>The value.</returns>
    public static bool Flag(IQueryCollection query, string name, bool defaultValue) =>
        query.TryGetValue(name, out var v) && bool.TryParse(v.ToString(), out var b) ? b : defaultValue;

    /// <summary>Parses <c>runtimeStatus</c>: comma lists and/or repeated, names matched case-sensitively, unknown names dropped.</summary>
    /// <param name="values">The raw values.</param>
    /// <returns>The statuses, or null when none is known.</returns>
    public static IReadOnlyList<OrchestrationRuntimeStatus>? Statuses(StringValues values)
    {
        var list = new List<OrchestrationRuntimeStatus>();
        foreach (var part in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, out _) && Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: false, out var s) && Enum.IsDefined(s))
            {
                list.Add(s);
            }
        }

        return list.Count == 0 ? null : list;
    }

    private static string Hub(HttpContext c) => c.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.TaskHub;

    private static async Task<IResult> StartAsync(HttpContext c, string functionName, string? instanceId, IWorkflowClient client, WorkflowCatalog catalog)
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

        var version = c.Request.Query["version"].ToString();
        string id;
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(
                functionName,
                input,
                new StartOrchestrationOptions { InstanceId = string.IsNullOrEmpty(instanceId) ? null : instanceId, Version = string.IsNullOrEmpty(version) ? null : version },
                c.RequestAborted);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
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

    private static async Task<IResult> GetStatusAsync(HttpContext c, string instanceId, IWorkflowClient client)
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
            var events = await client.GetOrchestrationHistoryAsync(instanceId, c.RequestAborted);
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

    private static async Task<IResult> QueryAsync(HttpContext c, IWorkflowClient client)
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
        Page<OrchestrationMetadata> page;
        try
        {
            page = await client.QueryInstancesAsync(
                new OrchestrationQuery(from, to, Statuses(q["runtimeStatus"]), string.IsNullOrEmpty(prefix) ? null : prefix, Math.Min(top, 1000), FetchInputsAndOutputs: true, string.IsNullOrEmpty(token) ? null : token),
                c.RequestAborted);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Validation(ContinuationHeader, e.Message);
        }

        // The header is always present; empty means no more pages.
        c.Response.Headers[ContinuationHeader] = page.ContinuationToken ?? string.Empty;
        var array = new JsonArray();
        foreach (var m in page.Values)
        {
            array.Add(StatusResponse.Build(m, showInput));
        }

        return Results.Json(array, ManagementJson.Options);
    }

    private static async Task<IResult> PurgeOneAsync(HttpContext c, string instanceId, IWorkflowClient client)
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
        catch (InvalidOrchestrationStateException e)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not finished", e.Message);
        }
    }

    private static async Task<IResult> PurgeManyAsync(HttpContext c, IWorkflowClient client, TimeProvider clock)
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

    private static async Task<IResult> RaiseEventAsync(HttpContext c, string instanceId, string eventName, IWorkflowClient client)
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
        catch (InvalidOrchestrationStateException e)
        {
            return ApiProblems.Status(StatusCodes.Status410Gone, "Instance finished", e.Message);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Bad request", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ControlAsync(HttpContext c, string instanceId, IWorkflowClient client, Func<string, CancellationToken, Task> action)
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
        catch (InvalidOrchestrationStateException e)
        {
            return ApiProblems.Status(StatusCodes.Status410Gone, "Instance finished", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RewindAsync(HttpContext c, string instanceId, string? reason, IWorkflowClient client)
    {
        var m = await client.GetInstanceAsync(instanceId, cancellation: c.RequestAborted);
        if (m is null)
        {
            return EmptyNotFound(c);
        }

        if (m.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not failed", $"Instance '{instanceId}' is {m.RuntimeStatus}; only Failed instances can be rewound.");
        }

        try
        {
            await client.RewindInstanceAsync(instanceId, reason, c.RequestAborted);
        }
        catch (InvalidOrchestrationStateException e)
        {
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "Instance not failed", e.Message);
        }
        catch (NotSupportedException e)
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Rewind not supported", e.Message);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RestartAsync(HttpContext c, string instanceId, IWorkflowClient client)
    {
        var newId = Flag(c.Request.Query, "restartWithNewInstanceId", true);
        var m = await client.GetInstanceAsync(instanceId, cancellation: c.RequestAborted);
        if (m is null)
        {
            // The extension answers 400 (ArgumentException), not 404, for an unknown id here.
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Unknown instance", $"No orchestration instance with id '{instanceId}' exists.");
        }

        try
        {
            var id = await client.RestartAsync(instanceId, newId, c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        }
        catch (InvalidOrchestrationStateException e)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Instance running", e.Message);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Instance running", e.Message);
        }
        catch (OrchestrationNotFoundException e)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Unknown instance", e.Message);
        }
    }

    /// <summary>404 with an empty body, as the extension answers for unknown instances and routes.</summary>
    /// <param name="c">The request.</param>
    /// <returns>The result.</returns>
    public static IResult EmptyNotFound(HttpContext c)
    {
        if (c.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return Results.StatusCode(StatusCodes.Status404NotFound);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Gone(string instanceId, OrchestrationRuntimeStatus status) =>
        ApiProblems.Status(StatusCodes.Status410Gone, "Instance finished", $"Instance '{instanceId}' is {status}.");

    private static IResult Purged(int count) =>
        Results.Json(new JsonObject { ["instancesDeleted"] = count }, ManagementJson.Options);

    private static DateTimeOffset? Time(IQueryCollection q, string name, List<Core.Domain.FieldError> errors)
    {
        var text = q[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }

        errors.Add(new(name, $"{name} must be an ISO 8601 date and time."));
        return null;
    }

    private static bool TryGetSeconds(IQueryCollection q, string name, out TimeSpan value)
    {
        value = default;
        if (!int.TryParse(q[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(Math.Min(seconds, 3600));
        return true;
    }

    private static async Task<(JsonNode? Value, IResult? Problem)> ReadOptionalJsonAsync(HttpRequest request, bool requireJsonContentType)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (requireJsonContentType && !request.HasJsonContentType())
        {
            return (null, ApiProblems.Status(StatusCodes.Status400BadRequest, "Bad request", "The content type must be application/json."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Status(StatusCodes.Status400BadRequest, "Bad request", "The body is not valid JSON: " + e.Message));
        }
    }
}
