using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Content.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>The content orchestrators: <see cref="PublishSite"/> step by step, <see cref="RegenerateContent"/>, <see cref="Redeploy"/>, <see cref="RollbackSite"/>.</summary>
public static class ContentScenarios
{
    private const OrchestrationRuntimeStatus Failed = OrchestrationRuntimeStatus.Failed;

    /// <summary>Gets the <see cref="PublishSite"/> scenarios.</summary>
    public static IReadOnlyList<Scenario> Publish { get; } =
    [
        Run("publish-success", PublishSite.Name) with { ExpectedText = ["\"searchConsole\":\"verified\""] },
        Run("publish-skip-search-console", PublishSite.Name, settings: Fast.Content with { SkipSearchConsole = true }) with { ExpectedText = ["\"searchConsole\":\"skipped\""] },
        Run("publish-no-search-console-account", PublishSite.Name, s => s.On(PublishVerificationTokenActivity.Name, Return(false)))
            with { ExpectedText = ["skipped (no Search Console account)"] },

        // A permanent error at each step.
        PermanentAt(PublishSite.Name, GenerateContentActivity.Name, "content"),
        PermanentAt(PublishSite.Name, BuildSiteActivity.Name, "build"),
        PermanentAt(PublishSite.Name, DeploySiteActivity.Name, "deploy"),
        PermanentAt(PublishSite.Name, PublishVerificationTokenActivity.Name, "search_console"),
        PermanentAt(PublishSite.Name, ConfirmVerificationActivity.Name, "search_console"),

        // Retries and verification polling on durable timers.
        Run("publish-transient-build-then-success", PublishSite.Name, s => s.On(BuildSiteActivity.Name, Transient("Disk busy.")))
            with { ExpectedText = ["\"searchConsole\":\"verified\""] },
        Run("publish-transient-deploy-exhausted", PublishSite.Name, s => s.Always(DeploySiteActivity.Name, Transient("SSH timeout.")))
            with { Expected = Failed, ExpectedText = ["SSH timeout. [step=deploy]"] },
        Run("publish-verification-polling", PublishSite.Name, s => s.On(ConfirmVerificationActivity.Name, Return(false), Return(false)))
            with { ExpectedText = ["\"searchConsole\":\"verified\""] },
        Run("publish-verification-exhausted", PublishSite.Name, s => s.Always(ConfirmVerificationActivity.Name, Return(false)))
            with { Expected = Failed, ExpectedText = ["after 3 attempts. [step=search_console]"] },
    ];

    /// <summary>Gets the <see cref="RegenerateContent"/>, <see cref="Redeploy"/> and <see cref="RollbackSite"/> scenarios.</summary>
    public static IReadOnlyList<Scenario> Others { get; } =
    [
        Run("regenerate-success", RegenerateContent.Name) with { ExpectedText = ["\"searchConsole\":\"skipped\""] },
        PermanentAt(RegenerateContent.Name, GenerateContentActivity.Name, "content", "regenerate"),
        PermanentAt(RegenerateContent.Name, DeploySiteActivity.Name, "deploy", "regenerate"),
        Run("regenerate-transient-content-then-success", RegenerateContent.Name, s => s.On(GenerateContentActivity.Name, Transient("Model overloaded."), Transient("Model overloaded."))),

        Run("redeploy-success", Redeploy.Name) with { ExpectedText = ["\"searchConsole\":\"skipped\""] },
        PermanentAt(Redeploy.Name, BuildSiteActivity.Name, "build", "redeploy"),
        PermanentAt(Redeploy.Name, DeploySiteActivity.Name, "deploy", "redeploy"),

        Run("rollback-success", RollbackSite.Name) with { ExpectedText = ["release-previous"] },
        Run("rollback-permanent", RollbackSite.Name, s => s.On(RollbackSiteActivity.Name, Permanent("No earlier release.")))
            with { Expected = Failed, ExpectedText = ["Rollback failed: No earlier release. [step=deploy]"] },
        Run("rollback-transient-then-success", RollbackSite.Name, s => s.On(RollbackSiteActivity.Name, Transient("SSH timeout.")))
            with { ExpectedText = ["release-previous"] },
        Run("rollback-transient-exhausted", RollbackSite.Name, s => s.Always(RollbackSiteActivity.Name, Transient("SSH timeout.")))
            with { Expected = Failed, ExpectedText = ["Rollback failed: SSH timeout. [step=deploy]"] },
    ];

    private static Scenario Run(string name, string orchestrator, Action<StubScript>? script = null, ContentSettings? settings = null) =>
        new(name, orchestrator)
        {
            Input = _ => Fast.PublishInput(settings),
            Script = script ?? (_ => { }),
        };

    private static Scenario PermanentAt(string orchestrator, string activity, string step, string prefix = "publish") =>
        Run($"{prefix}-permanent-{activity.Split('.')[^1].ToLowerInvariant()}", orchestrator, s => s.On(activity, Permanent($"{activity} refused.")))
            with { Expected = Failed, ExpectedText = [$"{activity} refused. [step={step}]"] };
}
