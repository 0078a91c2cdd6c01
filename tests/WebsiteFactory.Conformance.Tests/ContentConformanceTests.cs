using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>RegenerateContent</c>, <c>Redeploy</c> and <c>RollbackSite</c> on the reference host and the engine.</summary>
public sealed class ContentConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(ContentScenarios.Others.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task ContentOrchestrator_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(ContentScenarios.Others.Single(s => s.Name == scenario), output);
}
