using System.Globalization;
using Microsoft.DurableTask;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.CloudPanel;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Providers.Tests.Vendors;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// The certificate step replayed after a crash, on the real sshd and clpctl stand-in: the worker died after clpctl installed
/// the certificate but before <c>status_hosting=active</c> was recorded, so the replay finds the site still pending.
/// </summary>
public sealed class InstallCertificateActivityTests(SshdFixture fixture) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task RunAsync_WorkerDiedAfterInstallBeforeRecording_ReplayDoesNotCallClpctlAgain()
    {
        var sshd = fixture.Server;
        var clpctl = ClpctlStandIn.Install(sshd);
        var secrets = new DictionarySecretStore();
        await secrets.SetAsync("ssh-key", sshd.ClientPrivateKey);
        await secrets.SetAsync("site-pw", SitePassword.Generate());
        var logs = new CapturingLoggerProvider();
        var client = CloudPanelClientTests.CreateClient(clpctl, secrets, new InMemoryRateBudget(TimeProvider.System), logs);
        var server = new HostingServer
        {
            Id = Guid.NewGuid(), Name = "test-sshd", Address = sshd.Host, SshPort = sshd.Port, SshUser = sshd.UserName,
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture), HostKeyFingerprint = SshHostKeyFingerprint.Parse(sshd.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        };
        var domain = DomainName.Parse("replayed-cert.com", CultureInfo.InvariantCulture);
        await client.EnsureStaticSiteAsync(server, domain, SiteUser.FromDomain(domain), "site-pw");
        var site = new Site { Id = Guid.NewGuid(), Domain = domain, ServerId = server.Id, StatusHosting = HostingStatus.Pending };

        var store = Substitute.For<ISiteStateStore>();
        store.GetAsync(site.Id, Arg.Any<CancellationToken>()).Returns(site); // never becomes Active: the record is what got lost
        var servers = Substitute.For<IHostingServerRepository>();
        servers.GetAsync(server.Id, Arg.Any<CancellationToken>()).Returns(server);
        var lookups = new ProvisioningLookups(store, Substitute.For<ICloudflareAccountRepository>(), Substitute.For<IRegistrarAccountRepository>(), servers);
        var activity = new InstallCertificateActivity(lookups, client, store, new ActivityExecutionAccessor());
        var input = new StepInput(site.Id, "key-1", new ProvisionSettings());
        var context = new Context(new TaskName(InstallCertificateActivity.Name), "site-replayed");

        // First run: clpctl succeeds, then the process "dies" while recording the step.
        store.RecordStepAsync(Arg.Any<SiteStepUpdate>(), Arg.Any<CancellationToken>()).Returns(Task.FromException(new InvalidOperationException("killed")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => activity.RunAsync(context, input));
        Assert.Equal(["replayed-cert.com"], clpctl.Certificates);

        // The replay after the restart.
        store.RecordStepAsync(Arg.Any<SiteStepUpdate>(), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);
        Assert.True(await activity.RunAsync(context, input));

        Assert.Equal(["replayed-cert.com"], clpctl.Certificates);
        Assert.Single(clpctl.Calls, c => c.StartsWith("lets-encrypt:install:certificate", StringComparison.Ordinal));
        await store.Received().RecordStepAsync(Arg.Is<SiteStepUpdate>(u => u.StatusHosting == HostingStatus.Active && u.Step == SiteStep.Certificate), Arg.Any<CancellationToken>());
    }

    private sealed class Context(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
