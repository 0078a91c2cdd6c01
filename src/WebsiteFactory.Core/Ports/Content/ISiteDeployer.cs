namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Uploads built sites to their server and switches releases atomically.</summary>
public interface ISiteDeployer
{
    /// <summary>
    /// Uploads <paramref name="sourceDirectory"/> as release <paramref name="releaseId"/> and switches the doc root to it
    /// in one atomic rename; visitors see either the old or the new tree, never a mix. Older releases beyond the
    /// configured count are pruned. Deploying the same release id again re-syncs it and switches to it (idempotent).
    /// </summary>
    /// <param name="target">Server and doc root.</param>
    /// <param name="sourceDirectory">Local directory with the static files.</param>
    /// <param name="releaseId">Release name: <c>[A-Za-z0-9._-]{1,64}</c>, ordered so that later releases sort later.</param>
    /// <param name="cancellationToken">Cancels the upload; the live site is untouched until the switch.</param>
    /// <exception cref="Errors.ProviderException">SSH or rsync failed (kind and message say which).</exception>
    Task<DeployResult> DeployAsync(DeployTarget target, string sourceDirectory, string releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Switches the doc root to release <paramref name="releaseId"/>, which is already on the server (built there by an
    /// <see cref="IServerSiteBuilder"/>, or uploaded before): the same atomic switch, history and pruning as
    /// <see cref="DeployAsync"/>, without an upload. Switching to the live release changes nothing (idempotent).
    /// </summary>
    /// <param name="target">Server and doc root.</param>
    /// <param name="releaseId">Release name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Errors.ProviderException">
    /// The release is not on the server (transient: building it again fixes it), or SSH failed.
    /// </exception>
    Task<DeployResult> ActivateAsync(DeployTarget target, string releaseId, CancellationToken cancellationToken = default);

    /// <summary>The release the doc root serves now, or null when none was deployed (CloudPanel's placeholder directory).</summary>
    /// <param name="target">Server and doc root.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Errors.ProviderException">SSH failed.</exception>
    Task<string?> GetLiveReleaseAsync(DeployTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Switches the doc root back to the release that was live before the live one (releases that never went live, or
    /// were rolled back from, are skipped).
    /// </summary>
    /// <param name="target">Server and doc root.</param>
    /// <param name="operationId">
    /// Identifies this rollback: calling again with the same id (a retry after a lost answer or a killed worker) completes
    /// the same switch instead of going back one more release. Null: a one-off rollback.
    /// </param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Errors.ProviderException">
    /// No earlier real release exists (permanent; CloudPanel's placeholder, <see cref="DeployResult.PlaceholderReleaseId"/>,
    /// does not count, and nothing on the server changes), or SSH failed.
    /// </exception>
    Task<DeployResult> RollbackAsync(DeployTarget target, string? operationId = null, CancellationToken cancellationToken = default);
}
