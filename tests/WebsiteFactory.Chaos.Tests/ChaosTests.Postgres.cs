using System.Net;

namespace WebsiteFactory.Chaos.Tests;

public sealed partial class ChaosTests
{
    /// <summary>Scenario (b)'s batch size (smaller than (a) to keep the suite within its time budget).</summary>
    private const int PostgresSites = 6;

    /// <summary>How long PostgreSQL stays down: the outage the outside probe measured (28 s).</summary>
    private static readonly TimeSpan PostgresOutage = TimeSpan.FromSeconds(28);

    [Fact]
    public async Task ProvisionBatch_PostgresStoppedImmediatelyAndRestarted_EverySiteOnceAndWorkResumes()
    {
        var report = new ChaosReport("b-postgres", output);
        await using var env = await ChaosEnvironment.StartAsync("b-postgres", report);
        var domains = Domains("pg", PostgresSites);
        await env.SeedAsync(domains);
        await using var health = new HealthWatch(env.Server);
        var batch = await env.StartBatchAsync();
        report.Line($"batch {batch}: {PostgresSites} sites, publish on");

        Assert.True(
            await ChaosEnvironment.WaitUntilAsync(async () => await env.SitesWithEventAsync("hosting_site", "succeeded") >= 3, TimeSpan.FromMinutes(4)),
            "never reached: 3 sites with a CloudPanel site");
        health.Expect = false;
        await env.Db.StopImmediateAsync();
        var stoppedAt = DateTimeOffset.UtcNow;

        // PostgreSQL stays down for PostgresOutage; readiness must say "not ready" for the last 10 s of it without a break
        // (honest health). The outage length is the scenario, not a wait for something to happen.
        DateTimeOffset? notReadySince = null;
        var reported = false;
        await ChaosEnvironment.WaitUntilAsync(
            async () =>
            {
                notReadySince = await env.Server.ReadyStatusAsync() == HttpStatusCode.OK ? null : notReadySince ?? DateTimeOffset.UtcNow;
                reported = DateTimeOffset.UtcNow - notReadySince > TimeSpan.FromSeconds(10);
                return reported && DateTimeOffset.UtcNow - stoppedAt >= PostgresOutage;
            },
            PostgresOutage + TimeSpan.FromSeconds(60));
        var outage = DateTimeOffset.UtcNow - stoppedAt;
        await env.Db.RestartAsync();
        var upAt = DateTimeOffset.UtcNow;

        // Progress = a site event written after PostgreSQL was back (the database's clock, same machine).
        var progressed = await ChaosEnvironment.WaitUntilAsync(
            async () => await env.ScalarAsync($"SELECT count(*) FROM wf.site_events WHERE at > '{upAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'") > 0,
            TimeSpan.FromMinutes(2));
        var recovery = (DateTimeOffset.UtcNow - upAt).TotalSeconds;
        var readyAgain = await ChaosEnvironment.WaitUntilAsync(async () => await env.Server.ReadyStatusAsync() == HttpStatusCode.OK, TimeSpan.FromMinutes(1));
        var readyAfter = (DateTimeOffset.UtcNow - upAt).TotalSeconds;
        health.Expect = true;
        report.Line($"pg_ctl stop -m immediate after 3 sites were hosted; outage {Seconds(outage.TotalSeconds)} (readiness not 200: {reported}); "
            + $"next progress event {Seconds(recovery)} after PostgreSQL was back; /health/ready 200 again after {Seconds(readyAfter)}");

        var done = await WaitForBatchAsync(env, batch, TimeSpan.FromMinutes(8));
        report.Line(health.ToString());
        var state = await env.Sims.StateAsync(env.Sites);
        report.Line(VendorAudit.Summary(state, env.Sites.Keys));
        report.Line($"SUMMARY b-postgres: outage {Seconds(outage.TotalSeconds)}, recovery after PostgreSQL restart (next progress event) {Seconds(recovery)}, ready again {Seconds(readyAfter)}; batch {done}");

        Assert.True(reported, "/health/ready stayed 200 while PostgreSQL was down");
        Assert.True(progressed, "no progress within 2 minutes after PostgreSQL came back (wedge)");
        Assert.True(readyAgain, "/health/ready did not return to 200 after PostgreSQL came back");
        Assert.Equal("Completed", done);
        var problems = VendorAudit.ExactlyOnce(state, env.Sites.Keys);
        problems.AddRange(await SiteProblemsAsync(env, batch, expectAllSucceeded: true));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(health.Unexpected.Count == 0, "/health/ready was not 200 while up: " + string.Join(", ", health.Unexpected));
    }
}
