using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>TeardownSite</c> on the reference host and the engine.</summary>
public sealed class TeardownConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(TeardownScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task TeardownSite_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(TeardownScenarios.All.Single(s => s.Name == scenario), output);
}
