using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>ProvisionBatch</c> and <c>NightlyAnalytics</c> on the reference host and the engine.</summary>
public sealed class FanOutConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(FanOutScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task FanOutOrchestrator_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(FanOutScenarios.All.Single(s => s.Name == scenario), output);
}
