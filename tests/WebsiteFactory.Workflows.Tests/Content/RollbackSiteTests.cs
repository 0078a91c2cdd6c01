using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary><see cref="RollbackSite"/> on the durable host: the deployer's rollback on the site's target, recorded on the site.</summary>
public sealed class RollbackSiteTests(ContentWorkflowHarness harness) : IClassFixture<ContentWorkflowHarness>
{
    private const string Older = "20260101T020000Z-1a2b3c4d";
    private const string Live = "20260102T020000Z-5e6f7a8b";

    private static readonly ContentSettings Fast = new()
    {
        StepMaxAttempts = 3,
        StepFirstRetry = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task RollbackSite_PreviousReleaseExists_SwitchesBackOnSiteTargetAndRecordsDeployed()
    {
        var site = await harness.AddSiteAsync("rollback.example.com", gsc: false);
        await harness.ExecuteAsync("UPDATE wf.sites SET status_deployment = 'failed', error_message = 'earlier deploy broke' WHERE id = $1", site.Id);
        harness.Deployer.RollbackAsync(ForDocRoot("rollback.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(new DeployResult(Older, Live, [Older, Live]));

        var meta = await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal(Older, meta.ReadOutputAs<string>());
        await harness.Deployer.Received(1).RollbackAsync(
            Arg.Is<DeployTarget>(t => t.Host == "203.0.113.10" && t.Port == 22 && t.User == "clp" && t.KeySecretName == "ssh-key"
                && t.HostKey.ToString() == "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" && t.DocRoot.Value == "/home/clp/htdocs/rollback.example.com"),
            Arg.Is<string?>(op => op != null && op.EndsWith(":rollback", StringComparison.Ordinal)),
            Arg.Any<CancellationToken>());
        await harness.Deployer.DidNotReceive().DeployAsync(ForDocRoot("rollback.example.com"), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await harness.Builder.DidNotReceive().BuildAsync(Arg.Is<SiteBuildRequest>(r => r.SiteId == site.Id), Arg.Any<string>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeploymentStatus.Deployed, after.StatusDeployment);
        Assert.True(string.IsNullOrEmpty(after.ErrorMessage), after.ErrorMessage);
        var last = (await harness.EventsAsync(site.Id))[^1];
        Assert.Equal(("deploy", "succeeded"), (last.Step, last.Outcome));
        Assert.Equal($"Rolled back to release {Older} (was {Live}).", last.Message);
    }

    [Fact]
    public async Task RollbackSite_NoPreviousRelease_FailsWithEventAndLeavesDeploymentStatus()
    {
        var site = await harness.AddSiteAsync("rollback-first.example.com", gsc: false);
        await harness.ExecuteAsync("UPDATE wf.sites SET status_deployment = 'deployed' WHERE id = $1", site.Id);
        harness.Deployer.RollbackAsync(ForDocRoot("rollback-first.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ProviderException("rsync", ProviderErrorKind.Permanent, $"Rollback refused: there is no release before {Live}."));

        var meta = await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast));
        var after = await harness.GetSiteAsync(site.Id);

        var failure = ContentWorkflowHarness.AssertStepFailed(meta);
        Assert.Equal("deploy", failure.Step);
        Assert.StartsWith("Rollback failed: ", failure.Reason, StringComparison.Ordinal);
        Assert.Contains($"there is no release before {Live}", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        await harness.Deployer.Received(1).RollbackAsync(ForDocRoot("rollback-first.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>()); // permanent: not retried

        // The live release did not change, so neither does the deployment status; the failure is on the event and error.
        Assert.Equal(DeploymentStatus.Deployed, after.StatusDeployment);
        Assert.Contains($"there is no release before {Live}", after.ErrorMessage, StringComparison.Ordinal);
        var last = (await harness.EventsAsync(site.Id))[^1];
        Assert.Equal(("deploy", "failed"), (last.Step, last.Outcome));
        Assert.StartsWith("Rollback failed: ", last.Message, StringComparison.Ordinal);
        Assert.Contains($"there is no release before {Live}", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackSite_SiteWithoutDocRoot_FailsWithEventBeforeCallingDeployer()
    {
        var site = await harness.AddSiteAsync("rollback-nodocroot.example.com", gsc: false);
        await harness.ExecuteAsync("UPDATE wf.sites SET hosting_doc_root = NULL WHERE id = $1", site.Id);
        var rollbacksBefore = RollbackCalls();

        var meta = await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast));
        var after = await harness.GetSiteAsync(site.Id);

        Assert.Equal("deploy", ContentWorkflowHarness.AssertStepFailed(meta).Step);
        Assert.Contains("has no hosting doc root yet", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(rollbacksBefore, RollbackCalls());
        Assert.Equal(DeploymentStatus.Pending, after.StatusDeployment);
        Assert.Contains("has no hosting doc root yet", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(await harness.EventsAsync(site.Id), e => e.Step == "deploy" && e.Outcome == "failed" && e.Message.Contains("has no hosting doc root yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RollbackSite_SshDropsOnce_RetriedAndSucceeds()
    {
        var site = await harness.AddSiteAsync("rollback-flaky.example.com", gsc: false);
        harness.Deployer.RollbackAsync(ForDocRoot("rollback-flaky.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(
            _ => Task.FromException<DeployResult>(new ProviderException("rsync", ProviderErrorKind.Transient, "SSH connection to 203.0.113.10 was reset.")),
            _ => Task.FromResult(new DeployResult(Older, Live, [Older, Live])));

        var meta = await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        Assert.Equal(Older, meta.ReadOutputAs<string>());
        await harness.Deployer.Received(2).RollbackAsync(ForDocRoot("rollback-flaky.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>());

        // Both attempts carry the same operation id, so the server finishes one rollback instead of going back twice.
        var ops = harness.Deployer.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ISiteDeployer.RollbackAsync) && ((DeployTarget)c.GetArguments()[0]!).DocRoot.Value.EndsWith("/rollback-flaky.example.com", StringComparison.Ordinal))
            .Select(c => (string?)c.GetArguments()[1]).ToList();
        Assert.Equal(2, ops.Count);
        Assert.NotNull(ops[0]);
        Assert.Equal(ops[0], ops[1]);
        Assert.Equal(DeploymentStatus.Deployed, (await harness.GetSiteAsync(site.Id)).StatusDeployment);
        Assert.DoesNotContain(await harness.EventsAsync(site.Id), e => e.Outcome == "failed");
    }

    [Fact]
    public async Task RollbackSite_SameInstanceIdLater_IsANewOperation()
    {
        // The API reuses rollback-{domain}; a rollback next week must not be taken for a retry of this one.
        var site = await harness.AddSiteAsync("rollback-twice.example.com", gsc: false);
        harness.Deployer.RollbackAsync(ForDocRoot("rollback-twice.example.com"), Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(new DeployResult(Older, Live, [Older, Live]));

        await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast), instanceId: "rollback-rollback-twice.example.com");
        await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(site.Id, Fast), instanceId: "rollback-rollback-twice.example.com");

        var ops = harness.Deployer.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ISiteDeployer.RollbackAsync) && ((DeployTarget)c.GetArguments()[0]!).DocRoot.Value.EndsWith("/rollback-twice.example.com", StringComparison.Ordinal))
            .Select(c => (string?)c.GetArguments()[1]).ToList();
        Assert.Equal(2, ops.Count);
        Assert.NotEqual(ops[0], ops[1]);
    }

    [Fact]
    public async Task RollbackSite_UnknownSite_FailsClearlyWithoutCallingDeployer()
    {
        var unknown = Guid.NewGuid();
        var rollbacksBefore = RollbackCalls();

        var meta = await harness.RunAsync(RollbackSite.Name, new PublishSiteInput(unknown, Fast));

        Assert.Equal(("deploy", $"Rollback failed: Site {unknown} does not exist."), ContentWorkflowHarness.AssertStepFailed(meta));
        Assert.Equal(rollbacksBefore, RollbackCalls());
    }

    private static DeployTarget ForDocRoot(string domain) => Arg.Is<DeployTarget>(t => t.DocRoot.Value == "/home/clp/htdocs/" + domain);

    private int RollbackCalls() => harness.Deployer.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(ISiteDeployer.RollbackAsync));
}
