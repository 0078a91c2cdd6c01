using System.Globalization;

namespace WebsiteFactory.Chaos.Tests;

public sealed partial class ChaosTests
{
    private static List<string> Domains(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}-site-{i.ToString("00", CultureInfo.InvariantCulture)}.{(i % 3 == 0 ? "net" : "com")}")];

    private static string Seconds(double s) => s.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Waits until the batch instance finished; returns its runtime status (or "timed out").</summary>
    private static async Task<string> WaitForBatchAsync(ChaosEnvironment env, string batch, TimeSpan bound)
    {
        string? status = null;
        var started = DateTimeOffset.UtcNow;
        var lastProgressLine = started;
        var finished = await ChaosEnvironment.WaitUntilAsync(
            async () =>
            {
                var view = await env.BatchAsync(batch);
                status = view?["runtime_status"]?.GetValue<string>();
                if (DateTimeOffset.UtcNow - lastProgressLine > TimeSpan.FromSeconds(30))
                {
                    lastProgressLine = DateTimeOffset.UtcNow;
                    env.Report.Line($"batch {status}: {view?["completed"]} succeeded, {view?["failed"]} failed; {await ProgressAsync(env)}");
                }

                return status is "Completed" or "Failed" or "Terminated";
            },
            bound);
        env.Report.Line($"batch {batch} {(finished ? status : $"not finished within {bound} (wedge?), last status {status}")} after {Seconds((DateTimeOffset.UtcNow - started).TotalSeconds)} of waiting; {await ProgressAsync(env)}");
        return finished ? status! : "timed out";
    }

    /// <summary>
    /// Per-site honesty from the batch view: a succeeded run is live/complete (complete only with Matomo); a failed run names
    /// its step and error and shows as failed. With <paramref name="expectAllSucceeded"/>, any failed site is a problem.
    /// </summary>
    private static async Task<List<string>> SiteProblemsAsync(ChaosEnvironment env, string batch, bool expectAllSucceeded)
    {
        var problems = new List<string>();
        var view = await env.BatchAsync(batch) ?? throw new InvalidOperationException("batch view unavailable");
        foreach (var item in view["items"]!.AsArray().Select(i => i!.AsObject()))
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
