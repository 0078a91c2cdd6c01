using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary>External events and continue-as-new on the reference host and the engine.</summary>
public sealed class EventConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(EventScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task EventsAndContinueAsNew_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(EventScenarios.All.Single(s => s.Name == scenario), output);
}
