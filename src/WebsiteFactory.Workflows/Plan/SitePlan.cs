namespace WebsiteFactory.Workflows.Plan;

/// <summary>The plan of one site.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="Changes">One entry per resource, in pipeline order.</param>
/// <param name="Errors">What could not be read (vendor down, account missing, budget spent), as <c>{vendor}: {reason}</c>; the plan of those resources is then incomplete.</param>
public sealed record SitePlan(Guid SiteId, string Domain, IReadOnlyList<PlanChange> Changes, IReadOnlyList<string> Errors)
{
    /// <summary>True when something would be created, updated or deleted.</summary>
    public bool HasChanges => Changes.Any(c => c.Action != PlanAction.NoOp);
}
