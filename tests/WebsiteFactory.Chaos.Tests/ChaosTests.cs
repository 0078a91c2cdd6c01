using System.Globalization;

namespace WebsiteFactory.Chaos.Tests;

public sealed partial class ChaosTests
{
    private static List<string> Domains(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}-site-{i.ToString("00", CultureInfo.InvariantCulture)}.{(i % 3 == 0 ? "net" : "com")}")];

    /// <summary>No site event for this long while the batch runs counts as a wedge.</summary>
    private static readonly TimeSpan WedgeAfter = TimeSpan.FromMinutes(2);

    private static string Seconds(double s) => s.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// Waits until the batch instance finished; returns its runtime status, "wedged" when no site event was written for
    /// <see cref="WedgeAfter"/> (work stopped), or "timed out" after <paramref name="bound"/> (slow but moving: on a loaded
    /// machine each Astro build can take a minute).
    /// </summary>
    private static async Task<string> WaitForBatchAsync(ChaosEnvironment env, string batch, TimeSpan bound)
    {
        string? status = null;
        var started = DateTimeOffset.UtcNow;
        var lastProgressLine = started;
        var lastEvent = -1L;
        var lastEventAt = started;
        var wedged = false;
        var finished = await ChaosEnvironment.WaitUntilAsync(
            async () =>
            {
                var view = await env.BatchAsync(batch);
                status = view?["runtime_status"]?.GetValue<string>();
                var now = DateTimeOffset.UtcNow;
                var eventId = await env.LastEventIdAsync();
                if (eventId != lastEvent)
                {
                    (lastEvent, lastEventAt) = (eventId, now);
                }

                wedged = now - lastEventAt > WedgeAfter;
                if (now - lastProgressLine > TimeSpan.FromSeconds(30))
                {
                    lastProgressLine = now;
                    env.Report.Line($"batch {status}: {view?["completed"]} succeeded, {view?["failed"]} failed; {await ProgressAsync(env)}");
                }

                return status is "Completed" or "Failed" or "Terminated" || wedged;
            },
            bound);
        var result = wedged ? "wedged" : finished ? status! : "timed out";
        env.Report.Line($"batch {batch}: {result} (last status {status}) after {Seconds((DateTimeOffset.UtcNow - started).TotalSeconds)} of waiting; {await ProgressAsync(env)}");
        return result;
    }

    /// <summary>
    /// Per-site honesty from the batch view: a succeeded run is live/complete (complete only with Matomo); a failed run names
    /// its step and error and shows as failed. With <paramref name="expectAllSucceeded"/>, any failed site is a problem.
    /// </summary>
    private static async Task<List<string>> SiteProblemsAsync(ChaosEnvironment env, string batch, bool expectAllSucceeded)
    {
        var problems = new List<string>();
        var view = await env.BatchAsync(batch) ?? throw new InvalidOperationException("batch view unavailable");
        foreach (var item in view["sites"]!.AsArray().Select(i => i!.AsObject()))
        {
            var domain = item["domain"]!.GetValue<string>();
            var succeeded = item["succeeded"]?.GetValue<bool?>();
            var site = item["site"]!.AsObject();
            var progress = site["progress"]?.GetValue<string>();
            if (succeeded == true)
            {
                if (progress is not ("complete" or "live"))
                {
                    problems.Add($"{domain}: run succeeded but the site shows {progress}");
                }
            }
            else if (expectAllSucceeded)
            {
                problems.Add($"{domain}: {item["runtime_status"]} failed at {item["failed_step"]}: {item["error"]}");
            }
            else if (succeeded != false || string.IsNullOrEmpty(item["failed_step"]?.ToString()) || string.IsNullOrEmpty(item["error"]?.ToString()) || progress != "failed")
            {
                problems.Add($"{domain}: not an honest end: runtime {item["runtime_status"]}, succeeded {succeeded}, step {item["failed_step"]}, progress {progress}");
            }
        }

        return problems;
    }

    /// <summary>Site events per step and outcome, and sites per deployment status (where a slow or wedged batch stands).</summary>
    private static async Task<string> ProgressAsync(ChaosEnvironment env)
    {
        try
        {
            return "events " + await env.TextAsync("SELECT string_agg(step || ':' || outcome || '=' || n, ' ' ORDER BY step, outcome) FROM (SELECT step, outcome, count(*) n FROM wf.site_events GROUP BY 1, 2) e")
                + "; deployment " + await env.TextAsync("SELECT string_agg(status_deployment::text || '=' || n, ' ') FROM (SELECT status_deployment, count(*) n FROM wf.sites GROUP BY 1) s");
        }
        catch (Npgsql.NpgsqlException e)
        {
            return "database unavailable: " + e.Message;
        }
    }
}
