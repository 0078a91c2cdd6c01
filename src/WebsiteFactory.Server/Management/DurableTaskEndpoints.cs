using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WebsiteFactory.Api;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Server.Hosting;

namespace WebsiteFactory.Server.Management;

/// <summary>
/// The Durable Functions HTTP management API under <c>/runtime/webhooks/durabletask</c>, backed by
/// the Durable Task SDK's <see cref="DurableTaskClient"/>: same paths, query parameters, headers and status codes as the
/// extension's <c>HttpApiHandler</c> (docs/durable-http-api.md). Unknown instances answer 404 with an empty body, as there;
/// other errors are problem+json.
/// </summary>
/// <remarks>
/// Existence and status are checked with <see cref="DurableTaskClient.GetInstanceAsync(string, CancellationToken)"/>
/// before acting, so the status codes do not depend on one client's exception types; a change between the check and
/// the call is mapped from the SDK clients' base types (<see cref="InvalidOperationException"/> for "exists" or "wrong
/// status", <see cref="ArgumentException"/> for "unknown" or bad input). The routes are split by facet: starting and
/// reading (<c>DurableTaskEndpoints.Instances.cs</c>) and acting on instances (<c>DurableTaskEndpoints.Control.cs</c>).
/// </remarks>
public static partial class DurableTaskEndpoints
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
        g.MapPost("/instances/{instanceId}/terminate", (HttpContext c, string instanceId, string? reason, DurableTaskClient w) =>
            ControlAsync(c, instanceId, w, (id, ct) => w.TerminateInstanceAsync(id, new TerminateInstanceOptions(reason), ct))).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/suspend", (HttpContext c, string instanceId, string? reason, DurableTaskClient w) =>
            ControlAsync(c, instanceId, w, (id, ct) => w.SuspendInstanceAsync(id, reason, ct))).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/instances/{instanceId}/resume", (HttpContext c, string instanceId, string? reason, DurableTaskClient w) =>
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

    private static string Hub(HttpContext c) => c.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TaskHub;

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

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InstanceExists(string instanceId, string status) =>
        ApiProblems.Status(StatusCodes.Status409Conflict, "Instance exists", $"An orchestration instance with id '{instanceId}' already exists and is {status}.");

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
