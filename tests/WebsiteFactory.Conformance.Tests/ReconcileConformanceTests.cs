using WebsiteFactory.Conformance.Tests.Hosting;
using WebsiteFactory.Conformance.Tests.Scenarios;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests;

/// <summary><c>Reconcile</c> on the reference host and the engine.</summary>
public sealed class ReconcileConformanceTests(HostPair hosts, ITestOutputHelper output) : IClassFixture<HostPair>
{
    public static TheoryData<string> Cases => new(ReconcileScenarios.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Reconcile_OnBothHosts_SameRun(string scenario) =>
        hosts.AssertConformsAsync(ReconcileScenarios.All.Single(s => s.Name == scenario), output);
}
