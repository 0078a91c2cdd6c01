namespace WebsiteFactory.Workflows.Plan;

/// <summary>A plan over several sites.</summary>
/// <param name="Mode">Provision or teardown.</param>
/// <param name="Sites">One plan per site, in the order asked.</param>
public sealed record PlanReport(PlanMode Mode, IReadOnlyList<SitePlan> Sites)
{
    /// <summary>Resources that would be created.</summary>
    public int Creates => Count(PlanAction.Create);

    /// <summary>Resources that would be updated.</summary>
    public int Updates => Count(PlanAction.Update);

    /// <summary>Resources that would be deleted.</summary>
    public int Deletes => Count(PlanAction.Delete);

    /// <summary>Resources left as they are.</summary>
    public int Unchanged => Count(PlanAction.NoOp);

    /// <summary>Sites with at least one error (their plan is incomplete).</summary>
    public int SitesWithErrors => Sites.Count(s => s.Errors.Count > 0);

    /// <summary>True when anything would be created, updated or deleted.</summary>
    public bool HasChanges => Sites.Any(s => s.HasChanges);

    private int Count(PlanAction action) => Sites.Sum(s => s.Changes.Count(c => c.Action == action));
}
