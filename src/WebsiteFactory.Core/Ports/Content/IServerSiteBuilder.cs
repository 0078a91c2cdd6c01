namespace WebsiteFactory.Core.Ports.Content;

/// <summary>
/// Renders a site on its own hosting server and leaves the output there as a release waiting for its switch: for hosts
/// that cannot build (no <c>node</c>) or whose build and deploy steps may run on different machines.
/// </summary>
/// <remarks>
/// The build's output never passes through the caller: the release is keyed by its id on the target server, so the
/// deploy step only switches to it (<see cref="ISiteDeployer.ActivateAsync"/>), from any machine.
/// </remarks>
public interface IServerSiteBuilder
{
    /// <summary>Where <paramref name="releaseId"/> stands on <paramref name="target"/>'s server; changes nothing.</summary>
    /// <param name="target">Server and doc root.</param>
    /// <param name="releaseId">Release name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Errors.ProviderException">SSH failed.</exception>
    Task<ServerRelease> FindAsync(DeployTarget target, string releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds <paramref name="request"/> on <paramref name="target"/>'s server as release <paramref name="releaseId"/>,
    /// ready for <see cref="ISiteDeployer.ActivateAsync"/>. A release that is already on the server is not built again.
    /// Nothing live changes, whether the build succeeds or fails.
    /// </summary>
    /// <param name="request">What to build.</param>
    /// <param name="target">Server and doc root (the release is written beside the doc root).</param>
    /// <param name="releaseId">Release name: <c>[A-Za-z0-9._-]{1,64}</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The build; <see cref="SiteBuildResult.OutputDirectory"/> is the release's path on the server.</returns>
    /// <exception cref="Errors.ProviderException">The server lacks Node.js, the build failed or timed out, or SSH failed.</exception>
    Task<SiteBuildResult> BuildAsync(SiteBuildRequest request, DeployTarget target, string releaseId, CancellationToken cancellationToken = default);
}
