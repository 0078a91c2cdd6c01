namespace WebsiteFactory.Core.Ports.Content;

/// <summary>What a deploy or rollback did.</summary>
/// <param name="ReleaseId">The release now live.</param>
/// <param name="PreviousReleaseId">The release that was live before (null on the first deploy).</param>
/// <param name="Releases">Releases kept on the server after pruning, oldest first.</param>
public sealed record DeployResult(string ReleaseId, string? PreviousReleaseId, IReadOnlyList<string> Releases)
{
    /// <summary>
    /// The release id the first deploy gives CloudPanel's placeholder doc root when it moves it aside. It is not a real
    /// release: a rollback never goes back to it.
    /// </summary>
    public const string PlaceholderReleaseId = "00000000T000000Z-initial";
}
