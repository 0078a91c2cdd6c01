namespace WebsiteFactory.Core.Domain;

/// <summary>State of a site's build and deploy (<c>sites.status_deployment</c>).</summary>
public enum DeploymentStatus
{
    /// <summary>Never deployed.</summary>
    Pending,
    /// <summary>A build or upload is running.</summary>
    Deploying,
    /// <summary>The current release is live.</summary>
    Deployed,
    /// <summary>The last build or deploy failed; the previous release (if any) stays live.</summary>
    Failed,
}
