using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>ProvisionSite</c> (and its <c>PublishSite</c> child) on the reference host and the engine.</summary>
public sealed class ProvisionSiteConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(ProvisionSiteScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task ProvisionSite_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(ProvisionSiteScenarios.All.Single(s => s.Name == scenario), output);
}
