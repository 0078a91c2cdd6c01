namespace WebsiteFactory.Workflows.Tests.Model;

public sealed class WorkflowCatalogTests
{
    [DurableTask("Provision", Version = "2")]
    private sealed class ProvisionV2 : Orchestrator<string, string>
    {
        public override Task<string> RunAsync(IOrchestrationContext context, string input) => Task.FromResult(input);
    }

    private sealed class CreateZone : Activity<string, string>
    {
        public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult(input);
    }

    [Fact]
    public void Catalog_VersionsOfOneName_DefaultIsHighestNumericVersion()
    {
        var registry = new WorkflowRegistry()
            .AddOrchestrator<string, string>("Provision", (_, s) => Task.FromResult(s), version: "10")
            .AddOrchestrator<ProvisionV2>()
            .AddActivity<CreateZone>();

        var catalog = new WorkflowCatalog([registry]);

        Assert.Equal("10", catalog.GetDefaultVersion("provision"));
        Assert.True(catalog.TryGetOrchestrator("Provision", "2", out OrchestratorRegistration v2));
        Assert.Equal(typeof(ProvisionV2), v2.ImplementationType);
        Assert.False(catalog.TryGetOrchestrator("Provision", "3", out _));
        Assert.True(catalog.TryGetActivity("createzone", out _));
    }

    [Fact]
    public void Catalog_DuplicateRegistration_ThrowsNamingIt()
    {
        var first = new WorkflowRegistry().AddActivity<CreateZone>();
        var second = new WorkflowRegistry().AddActivity<CreateZone>();

        var error = Assert.Throws<InvalidOperationException>(() => new WorkflowCatalog([first, second]));

        Assert.Contains("CreateZone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", "10", -1)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("", "1", -1)]
    [InlineData("beta", "alpha", 1)]
    public void CompareVersions_NumericAndTextual_OrdersNaturally(string left, string right, int sign)
        => Assert.Equal(sign, Math.Sign(WorkflowCatalog.CompareVersions(left, right)));

    [Fact]
    public async Task Orchestrator_WrongInputType_ThrowsClearError()
    {
        IOrchestrator orchestrator = new ProvisionV2();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => orchestrator.RunAsync(NSubstitute.Substitute.For<IOrchestrationContext>(), 42));

        Assert.Contains("does not match the expected type", error.Message, StringComparison.Ordinal);
    }
}
