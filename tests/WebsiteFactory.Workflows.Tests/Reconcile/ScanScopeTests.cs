using Microsoft.DurableTask;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile;
using WebsiteFactory.Workflows.Reconcile.Activities;

namespace WebsiteFactory.Workflows.Tests.Reconcile;

public sealed class ScanScopeTests
{
    [Fact]
    public async Task ScanServer_ServerRemovedSinceTheTargetsWereListed_FailsPermanentlyNamingItWithoutListing()
    {
        var cloudPanel = Substitute.For<ICloudPanelClient>();
        var servers = Substitute.For<IHostingServerRepository>();
        servers.GetAsync(Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns((HostingServer?)null);
        var execution = Substitute.For<IActivityExecutionAccessor>();
        execution.Current.Returns(ActivityExecution.None);
        var activity = new ScanServerActivity(cloudPanel, servers, Substitute.For<ISiteRepository>(), execution);
        var id = Guid.NewGuid();

        var e = await Assert.ThrowsAsync<PermanentStepException>(() => activity.RunAsync(Substitute.For<TaskActivityContext>(), new ReconcileScanInput(id)));

        Assert.Equal($"Server {id} no longer exists.", e.Message);
        Assert.Empty(cloudPanel.ReceivedCalls());
    }
}
