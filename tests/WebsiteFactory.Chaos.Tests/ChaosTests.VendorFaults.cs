namespace WebsiteFactory.Chaos.Tests;

public sealed partial class ChaosTests
{
    /// <summary>Scenario (c)'s batch size.</summary>
    private const int FaultSites = 6;

    [Fact]
    public async Task ProvisionBatch_TwentyPercentVendor5xxAndHangs_EverySiteEndsHonestlyWithoutDuplicates()
    {
        var report = new ChaosReport("c-vendor-faults", output);
        await using var env = await ChaosEnvironment.StartAsync("c-vendor-faults", report);
        var domains = Domains("fault", FaultSites);
        await env.SeedAsync(domains);

        // 15 % 503s and 5 % hangs (20 s, then 504) on every Cloudflare, Namecheap, Spaceship and Matomo call.
        await env.Sims.SetFaultsAsync(serverErrorRate: 0.15, timeoutRate: 0.05);
        await using var health = new HealthWatch(env.Server);
        var batch = await env.StartBatchAsync();
        report.Line($"batch {batch}: {FaultSites} sites, publish on, 15 % vendor 503 + 5 % hangs");

        var done = await WaitForBatchAsync(env, batch, TimeSpan.FromMinutes(8));
        await env.Sims.SetFaultsAsync(0, 0);
        report.Line(health.ToString());
        var state = await env.Sims.StateAsync(env.Sites);
        report.Line(VendorAudit.Summary(state, env.Sites.Keys));
        var view = (await env.BatchAsync(batch))!;
        report.Line($"SUMMARY c-vendor-faults: batch {done}, {view["completed"]} succeeded, {view["failed"]} failed of {FaultSites}; "
            + string.Join("; ", view["sites"]!.AsArray().Select(i => $"{i!["domain"]}: {i["site"]!["progress"]}/analytics {i["site"]!["analytics_status"]}{(i["failed_step"] is { } s ? $" failed at {s}" : string.Empty)}")));

        Assert.Equal("Completed", done);
        var problems = VendorAudit.AtMostOnce(state, env.Sites.Keys);
        problems.AddRange(await SiteProblemsAsync(env, batch, expectAllSucceeded: false));

        // A site that reports complete has everything, Matomo included (a Matomo failure is never reported as success).
        var complete = view["sites"]!.AsArray().Where(i => i!["site"]!["progress"]?.GetValue<string>() == "complete").Select(i => i!["domain"]!.GetValue<string>()).ToList();
        problems.AddRange(VendorAudit.ExactlyOnce(state, complete));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(health.Unexpected.Count == 0, "/health/ready was not 200 while up: " + string.Join(", ", health.Unexpected));
    }
}
