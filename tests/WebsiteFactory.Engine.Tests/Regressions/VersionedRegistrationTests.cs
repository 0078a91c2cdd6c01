using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Regressions;

/// <summary>The engine selects orchestrators by name (as the Functions isolated worker does) and says so when that cannot work.</summary>
public sealed class VersionedRegistrationTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Orchestrator_RegisteredOnlyUnderAVersion_FailsNamingTheRule()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Flow", new TaskVersion("1"), (_, _) => Task.FromResult("v1")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flow");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("OrchestratorTaskNotFound", done.FailureDetails!.ErrorType);
        Assert.Contains("registered only under versions", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }
}
