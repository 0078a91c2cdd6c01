using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Analytics.Activities;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Rollout;
using WebsiteFactory.Workflows.Rollout.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>Registers the content, deploy, Search Console and analytics orchestrators and activities with the Durable Task SDK's registry.</summary>
public static class ContentRegistration
{
    /// <summary>
    /// Adds <see cref="PublishSite"/>, <see cref="RegenerateContent"/>, <see cref="Redeploy"/>, <see cref="RollbackSite"/>,
    /// <see cref="NightlyAnalytics"/>, <see cref="TemplateRollout"/> and their activities. The activities need the content ports
    /// (<c>AddContentProviders</c>), the Cloudflare and Matomo ports, the stores, <see cref="Provisioning.ProvisioningLookups"/>
    /// and <see cref="Core.Execution.IActivityExecutionAccessor"/> in DI; <see cref="ContentWorkflowOptions"/> is optional.
    /// </summary>
    /// <param name="registry">The registry (worker <c>AddTasks</c>, the in-process test host, or the embedded engine).</param>
    /// <returns>The registry, for chaining.</returns>
    public static DurableTaskRegistry AddContentWorkflows(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<PublishSite>()
            .AddOrchestrator<RegenerateContent>()
            .AddOrchestrator<Redeploy>()
            .AddOrchestrator<RollbackSite>()
            .AddOrchestrator<NightlyAnalytics>()
            .AddOrchestrator<TemplateRollout>()
            .AddActivity<ListLiveSitesActivity>()
            .AddActivity<CheckLiveReleaseActivity>()
            .AddActivity<FindBusySitesActivity>()
            .AddActivity<GenerateContentActivity>()
            .AddActivity<BuildSiteActivity>()
            .AddActivity<DeploySiteActivity>()
            .AddActivity<RollbackSiteActivity>()
            .AddActivity<PublishVerificationTokenActivity>()
            .AddActivity<ConfirmVerificationActivity>()
            .AddActivity<RecordContentFailureActivity>()
            .AddActivity<ListAnalyticsSitesActivity>()
            .AddActivity<CollectAnalyticsActivity>();
    }
}
