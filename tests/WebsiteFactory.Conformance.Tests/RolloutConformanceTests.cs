using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>TemplateRollout</c> (with its Redeploy and RollbackSite children) on the reference host and the engine.</summary>
public sealed class RolloutConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(RolloutScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task TemplateRollout_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(RolloutScenarios.All.Single(s => s.Name == scenario), output);
}
