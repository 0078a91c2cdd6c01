using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Regressions;

/// <summary>Regressions from the outside probe of issue 13: the dispatcher never wedges, readiness tells the truth.</summary>
public sealed class RecoveryRegressionTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ActivityFetch_ClaimsFailRepeatedly_DispatcherRecoversAndReadinessFollows()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r.AddActivityFunc<string, string>("Echo", (_, s) => s)
                  .AddOrchestratorFunc<string, string>("CallsEcho", async (ctx, s) =>
                  {
                      // More calls than local slots: the worker hands the first few to itself, the rest wait to be claimed.
                      string[] echoes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ctx.CallActivityAsync<string>("Echo", $"{s}{i}")));
                      return string.Join(",", echoes);
                  }),
            o =>
            {
                o.ActivityConcurrency = 2;
                o.LoopStallThreshold = TimeSpan.FromMilliseconds(400);
            });
        var check = new EngineHealthCheck(h.Statistics, h.Services.GetRequiredService<IOptions<EngineOptions>>());

        // Every claim of an activity fails in the database (as during an outage) until the flag row goes.
        await h.ScalarAsync<object>($"""
            CREATE TABLE {h.Schema}.fail_claims (x int);
            INSERT INTO {h.Schema}.fail_claims VALUES (1);
            CREATE FUNCTION {h.Schema}.fail_claim() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM {h.Schema}.fail_claims) THEN RAISE EXCEPTION 'claims are failing' USING ERRCODE = '08006'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_claim BEFORE UPDATE ON {h.Schema}.tasks FOR EACH ROW WHEN (NEW.attempt <> OLD.attempt)
                EXECUTE FUNCTION {h.Schema}.fail_claim();
            SELECT 1
            """);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsEcho", "hello");

        // More failed claims than the dispatcher has slots: a slot lost per failure would leave it none.
        await WaitAsync(() => TryFetch(h)?.Failures >= 6); // the loop registers when its dispatcher starts, which may be after this line
        await WaitAsync(() => check.CheckHealthAsync(new HealthCheckContext()).Result.Status == HealthStatus.Unhealthy);
        HealthCheckResult failing = await check.CheckHealthAsync(new HealthCheckContext());
        await h.ScalarAsync<object>($"DELETE FROM {h.Schema}.fail_claims RETURNING 1");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        await WaitAsync(() => check.CheckHealthAsync(new HealthCheckContext()).Result.Status == HealthStatus.Healthy);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(string.Join(",", Enumerable.Range(0, 20).Select(i => $"hello{i}")), done.ReadOutputAs<string>());
        Assert.Contains("activities", failing.Description, StringComparison.Ordinal);
        Assert.Equal("PostgresException 08006", Fetch(h).LastError);
        Assert.Equal(0, Fetch(h).ConsecutiveFailures);
    }

    [Fact]
    public async Task CheckHealth_NoWorkerInProcess_Healthy()
    {
        await using var h = await EngineHarness.StartAsync(db, _ => { }, o => o.RunWorkers = false);
        var check = new EngineHealthCheck(h.Statistics, h.Services.GetRequiredService<IOptions<EngineOptions>>());

        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Empty(h.Statistics.LoopStatuses);
    }

    private static EngineLoopStatus Fetch(EngineHarness h) => TryFetch(h) ?? throw new InvalidOperationException("The activities loop has not registered.");

    private static EngineLoopStatus? TryFetch(EngineHarness h) => h.Statistics.LoopStatuses.SingleOrDefault(l => l.Name == "activities");

    private static async Task WaitAsync(Func<bool> condition, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
