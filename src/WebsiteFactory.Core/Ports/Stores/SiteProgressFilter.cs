namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Coarse filter over all step statuses at once, for "show me what's broken / still running".</summary>
public enum SiteProgressFilter
{
    /// <summary>No filter.</summary>
    Any,
    /// <summary>At least one step failed.</summary>
    Failed,
    /// <summary>Something has started, nothing failed, and not every step is done.</summary>
    InProgress,
    /// <summary>Nothing has started: every status is <c>pending</c>.</summary>
    NotStarted,
    /// <summary>DNS and hosting active, content generated, deployed and verified.</summary>
    Complete,
}
