using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary>Suspend, resume and terminate on the reference host and the engine.</summary>
public sealed class LifecycleConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(LifecycleScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Lifecycle_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(LifecycleScenarios.All.Single(s => s.Name == scenario), output);
}
