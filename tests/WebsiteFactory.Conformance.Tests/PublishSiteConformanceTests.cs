using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>PublishSite</c> on the reference host and the engine.</summary>
public sealed class PublishSiteConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(ContentScenarios.Publish.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PublishSite_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(ContentScenarios.Publish.Single(s => s.Name == scenario), output);
}
