using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary><see cref="ProvisionSite"/>: success, a permanent failure at each step, retries, polling on timers, the publish sub-orchestration.</summary>
public static class ProvisionSiteScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        Provision("provision-success"),
        Provision("provision-success-skip-analytics", settings: Fast.Provision() with { SkipAnalytics = true }),
        Provision("provision-success-publish", settings: Fast.Provision(publish: true)) with { ExpectedText = ["\"succeeded\":true"] },

        // A permanent error at each step: recorded on the site, then the instance fails with the step in its message.
        PermanentAt(EnsureZoneActivity.Name, "zone"),
        PermanentAt(UpsertRecordsActivity.Name, "records"),
        PermanentAt(SetNameserversActivity.Name, "nameservers"),
        PermanentAt(CheckDelegationActivity.Name, "delegation"),
        PermanentAt(EnsureHostingSiteActivity.Name, "hosting_site"),
        PermanentAt(CheckOriginActivity.Name, "certificate"),
        PermanentAt(InstallCertificateActivity.Name, "certificate"),
        Provision("provision-permanent-analytics", s => s.On(EnsureAnalyticsActivity.Name, Permanent("Matomo rejected the token.")))
            with { ExpectedText = ["Matomo site not set up: Matomo rejected the token.", "\"analytics\":\"failed\""] },
        Provision("provision-transient-analytics-hands-off", s => s.On(EnsureAnalyticsActivity.Name, Transient("Matomo 503.")))
            with { ExpectedText = ["Matomo site not set up yet: Matomo 503.", "\"analytics\":\"pending\""] },

        // The background Matomo retry: durable timers between attempts, give-up, permanent errors at once.
        Retry("analytics-retry-success") with { ExpectedText = ["\"matomoSiteId\":7"] },
        // Each attempt has its own input (attempt number, key), so the stubs count it as a first call: script by attempt.
        Retry("analytics-retry-transient-then-success", s => s.Always(
                EnsureAnalyticsActivity.Name, c => c.RawInput.Contains("\"attempt\":2", StringComparison.Ordinal) || c.RawInput.Contains("\"attempt\":3", StringComparison.Ordinal), Transient("Matomo 503.")))
            with { ExpectedText = ["\"attempts\":4"] },
        Retry("analytics-retry-gives-up", s => s.Always(EnsureAnalyticsActivity.Name, Transient("Matomo 503.")))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["Matomo site not created after 3 attempts: Matomo 503. [step=analytics]"] },
        Retry("analytics-retry-permanent", s => s.On(EnsureAnalyticsActivity.Name, Permanent("Matomo rejected the token.")))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["Matomo rejected the token. [step=analytics]"] },
        Provision("provision-permanent-publish-content", s => s.On(GenerateContentActivity.Name, Permanent("The model refused.")), Fast.Provision(publish: true))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["The model refused. [step=content]"] },
        Provision("provision-permanent-publish-deploy", s => s.On(DeploySiteActivity.Name, Permanent("SSH host key mismatch.")), Fast.Provision(publish: true))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["SSH host key mismatch. [step=deploy]"] },
        Provision("provision-record-failure-fails", s => s
                .On(EnsureZoneActivity.Name, Permanent("Cloudflare rejected the token."))
                .On(RecordStepFailureActivity.Name, Permanent("The database is read-only.")))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = [RecordStepFailureActivity.Name] },

        // Rollback on failure: the teardown steps run as a child, then the instance fails with the step's own reason, also
        // when the rollback's bookkeeping fails.
        Provision("provision-permanent-rollback", s => s.On(SetNameserversActivity.Name, Permanent("Registrar refused.")), Fast.Provision() with { RollbackOnFailure = true })
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["Registrar refused. [step=nameservers]"] },
        Provision("provision-rollback-begin-fails", s => s
                .On(SetNameserversActivity.Name, Permanent("Registrar refused."))
                .On(WebsiteFactory.Workflows.Teardown.Activities.BeginTeardownActivity.Name, Permanent("Site does not exist.")), Fast.Provision() with { RollbackOnFailure = true })
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["Registrar refused. [step=nameservers]"] },

        // Retries: durable backoff timers between attempts.
        Provision("provision-transient-then-success", s => s.On(EnsureZoneActivity.Name, Transient("Cloudflare 502."), Transient("Cloudflare 503.")), Fast.Provision(publish: true)),
        Provision("provision-transient-exhausted", s => s.Always(UpsertRecordsActivity.Name, Transient("Cloudflare 502.")))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["Cloudflare 502. [step=records]"] },
        Provision("provision-rate-limited-then-success", s => s.On(SetNameserversActivity.Name, RateLimited("Registrar budget spent.", TimeSpan.FromSeconds(1)))),

        // Polling on durable timers: "not yet" twice, then done.
        Provision("provision-delegation-polling", s => s.On(
            CheckDelegationActivity.Name,
            Return(new DelegationState(false, false, "nameservers not live")),
            Return(new DelegationState(false, true, "zone pending activation")))),
        Provision("provision-origin-polling", s => s.On(CheckOriginActivity.Name, Return(false), Return(false))),

        // Give-up times of zero: the first "not yet" fails the step (deterministic: no clock reading decides it).
        Provision(
            "provision-delegation-timeout",
            s => s.Always(CheckDelegationActivity.Name, Return(new DelegationState(false, true, "zone pending activation"))),
            Fast.Provision() with { DelegationTimeout = TimeSpan.Zero })
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["[step=delegation]"] },
        Provision("provision-origin-timeout", s => s.Always(CheckOriginActivity.Name, Return(false)), Fast.Provision() with { OriginTimeout = TimeSpan.Zero })
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = ["certificate not requested. [step=certificate]"] },
    ];

    private static Scenario Provision(string name, Action<StubScript>? script = null, ProvisionSettings? settings = null) =>
        new(name, ProvisionSite.Name)
        {
            Input = _ => Fast.ProvisionInput(settings ?? Fast.Provision()),
            Script = script ?? (_ => { }),
        };

    private static Scenario Retry(string name, Action<StubScript>? script = null) =>
        new(name, AnalyticsRetry.Name)
        {
            Input = _ => new AnalyticsRetryInput(Fast.Site, Fast.Provision(), PreviousAttempts: 1, StartWithDelay: true),
            Script = script ?? (_ => { }),
        };

    private static Scenario PermanentAt(string activity, string step) =>
        Provision($"provision-permanent-{activity.Split('.')[^1].ToLowerInvariant()}", s => s.On(activity, Permanent($"{activity} refused.")))
            with { Expected = OrchestrationRuntimeStatus.Failed, ExpectedText = [$"{activity} refused. [step={step}]"] };
}
