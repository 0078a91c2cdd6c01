using Microsoft.DurableTask;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Teardown;
using WebsiteFactory.Workflows.Teardown.Activities;

namespace WebsiteFactory.Workflows.Tests.Teardown;

/// <summary>The shared start of the teardown step activities: the site read fresh, and events recorded as the workflow.</summary>
public sealed class TeardownStepTests
{
    private readonly ISiteStateStore _store = Substitute.For<ISiteStateStore>();
    private readonly ICloudflareClient _cloudflare = Substitute.For<ICloudflareClient>();
    private readonly TaskActivityContext _context = Substitute.For<TaskActivityContext>();
    private readonly RemoveZoneActivity _activity;

    public TeardownStepTests()
    {
        var execution = Substitute.For<IActivityExecutionAccessor>();
        execution.Current.Returns(ActivityExecution.None);
        _context.InstanceId.Returns("teardown-abc");
        var lookups = new ProvisioningLookups(_store, Substitute.For<ICloudflareAccountRepository>(), Substitute.For<IRegistrarAccountRepository>(), Substitute.For<IHostingServerRepository>());
        _activity = new RemoveZoneActivity(lookups, _cloudflare, _store, execution);
    }

    [Fact]
    public async Task RunAsync_SiteWithoutCloudflareAccount_RecordsASkipAsTheWorkflow()
    {
        var site = new Site { Id = Guid.NewGuid(), Domain = DomainName.Parse("teardown-step.com", System.Globalization.CultureInfo.InvariantCulture) };
        _store.GetAsync(site.Id, Arg.Any<CancellationToken>()).Returns(site);

        Assert.True(await _activity.RunAsync(_context, new TeardownStepInput(site.Id, TeardownPart.Zone, new TeardownSettings())));

        await _store.Received(1).RecordStepAsync(
            Arg.Is<SiteStepUpdate>(u => u.SiteId == site.Id && u.Step == SiteStep.Teardown && u.Outcome == StepOutcome.Info
                && u.Actor == "workflow:teardown-abc" && u.Message == "Cloudflare: the site has no account; no zone to remove." && u.Lifecycle == null),
            Arg.Any<CancellationToken>());
        Assert.Empty(_cloudflare.ReceivedCalls());
    }

    [Fact]
    public async Task RunAsync_SiteGone_FailsPermanentlyWithoutRecording()
    {
        var id = Guid.NewGuid();

        var e = await Assert.ThrowsAsync<PermanentStepException>(() => _activity.RunAsync(_context, new TeardownStepInput(id, TeardownPart.Zone, new TeardownSettings())));

        Assert.Equal($"Site {id} does not exist.", e.Message);
        await _store.DidNotReceive().RecordStepAsync(Arg.Any<SiteStepUpdate>(), Arg.Any<CancellationToken>());
    }
}
