using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>Settings with tiny waits (50–200 ms backoffs and polls), part of the orchestration inputs, so the suite runs in minutes.</summary>
public static class Fast
{
    /// <summary>The site every single-site scenario works on.</summary>
    public static readonly Guid Site = new("5a000000-0000-0000-0000-00000000000a");

    /// <summary>Gets the content settings: 3 attempts per step from 50 ms, 3 verification attempts from 50 ms.</summary>
    public static ContentSettings Content { get; } = new()
    {
        StepMaxAttempts = 3,
        StepFirstRetry = TimeSpan.FromMilliseconds(50),
        VerificationAttempts = 3,
        VerificationFirstDelay = TimeSpan.FromMilliseconds(50),
        VerificationMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The provisioning settings: 3 attempts per step from 50 ms, polls from 50 ms, give-up times of an hour (never reached).</summary>
    public static ProvisionSettings Provision(bool publish = false) => new()
    {
        StepMaxAttempts = 3,
        StepFirstRetry = TimeSpan.FromMilliseconds(50),
        StepMaxRetry = TimeSpan.FromMilliseconds(200),
        DelegationFirstPoll = TimeSpan.FromMilliseconds(50),
        DelegationMaxPoll = TimeSpan.FromMilliseconds(200),
        DelegationTimeout = TimeSpan.FromHours(1),
        OriginTimeout = TimeSpan.FromHours(1),
        RateLimitPatience = TimeSpan.FromHours(1),
        AnalyticsFirstRetry = TimeSpan.FromMilliseconds(50),
        AnalyticsMaxRetry = TimeSpan.FromMilliseconds(200),
        AnalyticsMaxAttempts = 3,
        Publish = publish,
        Content = Content,
    };

    /// <summary>The <see cref="ProvisionSite"/> input for <see cref="Site"/>.</summary>
    public static ProvisionSiteInput ProvisionInput(ProvisionSettings settings) => new(Site, settings);

    /// <summary>The content orchestrators' input for <see cref="Site"/>.</summary>
    public static PublishSiteInput PublishInput(ContentSettings? settings = null) => new(Site, settings ?? Content);
}
