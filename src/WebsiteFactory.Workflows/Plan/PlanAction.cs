namespace WebsiteFactory.Workflows.Plan;

/// <summary>What running the operation would do to one resource (terraform's <c>+</c>, <c>~</c>, <c>-</c> and nothing).</summary>
public enum PlanAction
{
    /// <summary>Nothing: the resource is already as wanted (or already gone), or the operation leaves it alone.</summary>
    NoOp,

    /// <summary>The resource would be created.</summary>
    Create,

    /// <summary>The resource exists and would be changed.</summary>
    Update,

    /// <summary>The resource would be deleted.</summary>
    Delete,
}
