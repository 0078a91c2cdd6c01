using System.Globalization;
using Xunit.Abstractions;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// The chaos suite (issue 13, item 9). Each scenario runs a provisioning batch with publishing on against the simulators
/// (their own process), breaks something in the middle, and checks from the vendors' state that every site ended once.
/// </summary>
public sealed partial class ChaosTests(ITestOutputHelper output)
{
    /// <summary>
    /// Scenario (a)'s batch size. The issue asks for 20; each published site costs an Astro build (about 10 s of CPU, two at a
    /// time), and the whole suite must stay under 10 minutes on a 2-core CI machine, so CI runs 10. Set WF_CHAOS_SITES=20 to run the issue's full batch.
    /// </summary>
    private static readonly int KillSites = int.TryParse(Environment.GetEnvironmentVariable("WF_CHAOS_SITES"), out var n) && n >= 5 ? n : 10;

    [Fact]
    public async Task ProvisionBatch_ServerKilledThreeTimes_EverySiteOnceAndWorkResumes()
    {
        var report = new ChaosReport("a-kill9", output);
        await using var env = await ChaosEnvironment.StartAsync("a-kill9", report);
        var domains = Domains("kill", KillSites);
        await env.SeedAsync(domains);
        await using var health = new HealthWatch(env.Server);
        var batch = await env.StartBatchAsync();
        report.Line($"batch {batch}: {KillSites} sites, publish on");

        // Three moments, each driven by what the database says, not by time.
        (string Moment, string Step, string Outcome, int Sites)[] kills =
        [
            ($"DNS phase: {KillSites / 5} sites have their records", "records", "succeeded", KillSites / 5),
            ($"hosting phase: {KillSites * 2 / 5} sites have a CloudPanel site", "hosting_site", "succeeded", KillSites * 2 / 5),
            ($"publish phase: {KillSites * 3 / 10} sites have generated content", "content", "succeeded", KillSites * 3 / 10),
        ];
        var recoveries = new List<double>();
        foreach (var (moment, step, outcome, sites) in kills)
        {
            Assert.True(
                await ChaosEnvironment.WaitUntilAsync(async () => await env.SitesWithEventAsync(step, outcome) >= sites, TimeSpan.FromMinutes(4)),
                $"never reached: {moment}");
            recoveries.Add(await KillAndRestartAsync(env, health, moment));
        }

        var done = await WaitForBatchAsync(env, batch, TimeSpan.FromMinutes(8));
        report.Line(health.ToString());
        var state = await env.Sims.StateAsync(env.Sites);
        report.Line(VendorAudit.Summary(state, env.Sites.Keys));
        report.Line($"astro builds started {await env.ScalarAsync("SELECT count(*) FROM wf.site_events WHERE step = 'build' AND outcome = 'started'")} for {KillSites} sites");
        report.Line($"SUMMARY a-kill9: recovery after kill -9 (restarted server ready -> next progress event): {string.Join(", ", recoveries.Select(Seconds))}; batch {done}");

        Assert.Equal("Completed", done);
        var problems = VendorAudit.ExactlyOnce(state, env.Sites.Keys);
        problems.AddRange(await SiteProblemsAsync(env, batch, expectAllSucceeded: true));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(health.Unexpected.Count == 0, "/health/ready was not 200 while up: " + string.Join(", ", health.Unexpected));
    }

    /// <summary>
    /// Kills the server with SIGKILL, restarts it, and returns seconds from "ready" to the next site event (0 when the new
    /// process already made progress before its readiness probe first answered 200; polled every 100 ms).
    /// </summary>
    private static async Task<double> KillAndRestartAsync(ChaosEnvironment env, HealthWatch health, string moment)
    {
        health.Expect = false;
        env.Server.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var lastEvent = await env.LastEventIdAsync();
        var readyAt = await env.Server.StartAsync(TimeSpan.FromMinutes(2));
        health.Expect = true;
        var progressed = await ChaosEnvironment.WaitUntilAsync(async () => await env.LastEventIdAsync() > lastEvent, TimeSpan.FromMinutes(2));
        var progressAt = DateTimeOffset.UtcNow;
        var recovery = (progressAt - readyAt).TotalSeconds;
        env.Report.Line($"kill -9 at '{moment}' (last event {lastEvent.ToString(CultureInfo.InvariantCulture)}): new process ready {Seconds((readyAt - killedAt).TotalSeconds)} after the kill "
            + $"(process start, migrations, engine); next progress event {Seconds(recovery)} after ready ({Seconds((progressAt - killedAt).TotalSeconds)} after the kill)");
        Assert.True(progressed, $"no progress within 2 minutes after the restart at '{moment}'");
        return recovery;
    }
}
