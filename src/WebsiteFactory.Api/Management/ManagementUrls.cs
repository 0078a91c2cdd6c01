using System.Text.Json.Serialization;

namespace WebsiteFactory.Api.Management;

/// <summary>
/// The Durable Functions <c>HttpManagementPayload</c>: all nine fields, single-brace templates (the superset of the
/// in-process and isolated helpers; see docs/durable-http-api.md §4).
/// </summary>
public sealed record ManagementUrls
{
    /// <summary>The base path of the management API.</summary>
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>Gets the instance id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the status URL (also the <c>Location</c> header).</summary>
    [JsonPropertyName("statusQueryGetUri")]
    public required string StatusQueryGetUri { get; init; }

    /// <summary>Gets the raise-event URL with a literal <c>{eventName}</c> placeholder.</summary>
    [JsonPropertyName("sendEventPostUri")]
    public required string SendEventPostUri { get; init; }

    /// <summary>Gets the terminate URL with a literal <c>{text}</c> placeholder.</summary>
    [JsonPropertyName("terminatePostUri")]
    public required string TerminatePostUri { get; init; }

    /// <summary>Gets the rewind URL.</summary>
    [JsonPropertyName("rewindPostUri")]
    public required string RewindPostUri { get; init; }

    /// <summary>Gets the purge URL (the status URL, used with DELETE).</summary>
    [JsonPropertyName("purgeHistoryDeleteUri")]
    public required string PurgeHistoryDeleteUri { get; init; }

    /// <summary>Gets the restart URL.</summary>
    [JsonPropertyName("restartPostUri")]
    public required string RestartPostUri { get; init; }

    /// <summary>Gets the suspend URL.</summary>
    [JsonPropertyName("suspendPostUri")]
    public required string SuspendPostUri { get; init; }

    /// <summary>Gets the resume URL.</summary>
    [JsonPropertyName("resumePostUri")]
    public required string ResumePostUri { get; init; }

    /// <summary>Builds the payload for an instance, with the host taken from the request.</summary>
    /// <param name="request">The incoming request.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="taskHub">The task hub name put in the query (<c>taskHub=</c>).</param>
    /// <returns>The payload.</returns>
    public static ManagementUrls For(HttpRequest request, string instanceId, string taskHub)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var q = $"taskHub={Uri.EscapeDataString(taskHub)}&connection=Storage";
        return new ManagementUrls
        {
            Id = instanceId,
            StatusQueryGetUri = $"{origin}?{q}",
            SendEventPostUri = $"{origin}/raiseEvent/{{eventName}}?{q}",
            TerminatePostUri = $"{origin}/terminate?reason={{text}}&{q}",
            RewindPostUri = $"{origin}/rewind?reason={{text}}&{q}",
            PurgeHistoryDeleteUri = $"{origin}?{q}",
            RestartPostUri = $"{origin}/restart?{q}",
            SuspendPostUri = $"{origin}/suspend?reason={{text}}&{q}",
            ResumePostUri = $"{origin}/resume?reason={{text}}&{q}",
        };
    }

    /// <summary>The 202 check-status response: payload, <c>Location</c> = status URL, <c>Retry-After: 10</c>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="taskHub">The task hub name.</param>
    /// <returns>The result.</returns>
    public static IResult Accepted(HttpContext context, string instanceId, string taskHub)
    {
        var payload = For(context.Request, instanceId, taskHub);
        context.Response.Headers.RetryAfter = "10";
        context.Response.Headers.Location = payload.StatusQueryGetUri;
        return Results.Json(payload, ManagementJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
