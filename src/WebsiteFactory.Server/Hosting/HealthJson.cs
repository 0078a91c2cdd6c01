using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebsiteFactory.Server.Hosting;

/// <summary>
/// Writes a readiness report as JSON: overall status and, per check, its status, description and data (for the engine:
/// each background loop's last poll age and failures). Unauthenticated by design, so checks put no secret or error text
/// in it.
/// </summary>
public static class HealthJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Writes <paramref name="report"/> to the response (status code already set by the middleware).</summary>
    /// <param name="context">The request.</param>
    /// <param name="report">The report.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options), context.RequestAborted);
    }
}
