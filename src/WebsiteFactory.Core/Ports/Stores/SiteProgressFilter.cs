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
    /// <summary>DNS and hosting active, content generated, deployed and verified, and Matomo tracking ok (or skipped).</summary>
    Complete,
    /// <summary>
    /// Every blocking step is done (as <see cref="Complete"/>) and the site is served, but its Matomo tracking is still
    /// pending (retrying in the background) or failed: complete with a caveat, never reported as plain complete.
    /// </summary>
    Live,
}
