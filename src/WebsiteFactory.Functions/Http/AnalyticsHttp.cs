using System.Globalization;
using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Functions.Http;

/// <summary><c>POST /api/analytics/run[?date=yyyy-MM-dd]</c>: starts <see cref="NightlyAnalytics"/> now, as the timer would.</summary>
public static class AnalyticsHttp
{
    /// <summary>Starts a collection run; <c>date</c> is the last day to collect, default yesterday (UTC), as on the embedded host.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>202 with the management payload, or a problem.</returns>
    [Function("RunAnalyticsHttp")]
    public static async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "analytics/run")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        DateOnly? date = null;
        if (request.Query["date"] is { Length: > 0 } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || parsed >= DateOnly.FromDateTime(DateTime.UtcNow))
            {
                var problem = request.CreateResponse(HttpStatusCode.BadRequest);
                await problem.WriteAsJsonAsync(
                    new { type = "about:blank", title = "Bad Request", status = 400, detail = "date must be a finished yyyy-MM-dd day (before today, UTC)." },
                    "application/problem+json",
                    cancellationToken);
                return problem;
            }

            date = parsed;
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            NightlyAnalytics.Name,
            new NightlyAnalyticsInput(date?.AddDays(1)), // date is the last day to collect; the input takes the night it runs
            new StartOrchestrationOptions($"analytics-{Guid.CreateVersion7():N}"),
            cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, id, cancellationToken);
    }
}
