using WebsiteFactory.Workflows.Content.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Rollback" (<c>wf rollback &lt;domain&gt;</c>): switches the site to its previous release. Returns the release now live.</summary>
[DurableTask(Name)]
public sealed class RollbackSite : Orchestrator<PublishSiteInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.RollbackSite";

    /// <inheritdoc />
    public override Task<string> RunAsync(IOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ContentSettings();
        return context.CallActivityAsync<string>(RollbackSiteActivity.Name, new ContentStepInput(input.SiteId, $"{context.InstanceId}:rollback", settings), ContentRetry.Options(settings));
    }
}
