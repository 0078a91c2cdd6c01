using WebsiteFactory.Testing;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Tests;

public sealed class SmokeTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Sequence_ThreeActivities_CompletesWithOutputs()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Hello", (_, name) => Task.FromResult($"Hello {name}!"))
            .AddOrchestrator<string?, List<string>>("HelloCities", async (ctx, _) =>
            [
                await ctx.CallActivityAsync<string>("Hello", "Tokyo"),
                await ctx.CallActivityAsync<string>("Hello", "Seattle"),
                await ctx.CallActivityAsync<string>("Hello", "London"),
            ]));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("HelloCities");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>());
    }
}
