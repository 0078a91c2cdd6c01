using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests.Content;

public sealed class ReleaseHistoryTests
{
    private const string Placeholder = DeployResult.PlaceholderReleaseId;
    private long _id;

    [Fact]
    public void RollbackTarget_DeployedOnce_IsNull_ThePlaceholderIsNotARelease()
    {
        var history = ReleaseHistory.Replay([Deployed("a", Placeholder)]);

        Assert.Equal([Placeholder, "a"], history);
        Assert.Null(ReleaseHistory.RollbackTarget(history));
    }

    [Fact]
    public void RollbackTarget_TwoDeploysAndARetriedDelivery_IsTheFirst()
    {
        var history = ReleaseHistory.Replay([Deployed("a", Placeholder), Deployed("b", "a"), Deployed("b", null), Event(SiteStep.Deploy, StepOutcome.Failed, "Release c failed")]);

        Assert.Equal("a", ReleaseHistory.RollbackTarget(history));
    }

    [Fact]
    public void RollbackTarget_AfterRollingBackToTheFirst_IsNull_AfterANewDeploy_IsTheFirstAgain()
    {
        List<SiteEvent> events = [Deployed("a", Placeholder), Deployed("b", "a"), RolledBack("a", "b")];
        Assert.Null(ReleaseHistory.RollbackTarget(ReleaseHistory.Replay(events)));

        events.Add(Deployed("c", "a"));
        Assert.Equal("a", ReleaseHistory.RollbackTarget(ReleaseHistory.Replay(events))); // never b, which was rolled back from
    }

    [Fact]
    public void Replay_NoDeploy_IsEmpty()
    {
        Assert.Empty(ReleaseHistory.Replay([Event(SiteStep.Zone, StepOutcome.Succeeded, "Release x is live (previous: y; kept: 1).")]));
    }

    private SiteEvent Deployed(string id, string? previous) =>
        Event(SiteStep.Deploy, StepOutcome.Succeeded, ReleaseHistory.Deployed(new DeployResult(id, previous, [])));

    private SiteEvent RolledBack(string id, string previous) =>
        Event(SiteStep.Deploy, StepOutcome.Succeeded, ReleaseHistory.RolledBack(new DeployResult(id, previous, [])));

    private SiteEvent Event(SiteStep step, StepOutcome outcome, string message) => new()
    {
        Id = ++_id,
        SiteId = Guid.Empty,
        Step = step,
        Outcome = outcome,
        Message = message,
        Actor = "test",
        At = DateTimeOffset.UnixEpoch,
    };
}
