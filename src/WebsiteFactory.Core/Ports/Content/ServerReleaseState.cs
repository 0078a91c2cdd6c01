namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Where a release stands on its target server.</summary>
public enum ServerReleaseState
{
    /// <summary>The server holds no finished build of the release: it must be built (again) before it can go live.</summary>
    Missing,

    /// <summary>Built on the server and waiting for its switch (<see cref="ISiteDeployer.ActivateAsync"/>); nothing serves it yet.</summary>
    Built,

    /// <summary>A release directory that is not live (it was live before, or a switch to it was interrupted).</summary>
    Released,

    /// <summary>The doc root serves this release now.</summary>
    Live,
}
