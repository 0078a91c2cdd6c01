namespace WebsiteFactory.Workflows.Plan;

/// <summary>What a plan previews.</summary>
public enum PlanMode
{
    /// <summary>What <see cref="Provisioning.ProvisionSite"/> would create or update.</summary>
    Provision,

    /// <summary>What <see cref="Teardown.TeardownSite"/> would delete.</summary>
    Teardown,
}
