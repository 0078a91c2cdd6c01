namespace WebsiteFactory.Workflows;

/// <summary>
/// The mutating operations of a site that exclude each other (one at a time per site): provision, teardown, rollback,
/// redeploy and regenerate, each with its instance id (<see cref="SiteInstanceIds"/>). The API's start routes and the
/// provisioning's own first step (<see cref="Provisioning.Activities.CheckSiteIdleActivity"/>) check the same list.
/// </summary>
/// <remarks>
/// Not in the list: the background Matomo retry (<c>analytics-{domain}</c>, it only touches Matomo), the nightly analytics
/// run, and a batch (<c>batch-…</c>), which mutates a site only through that site's <c>provision-{domain}</c> child.
/// </remarks>
public static class SiteOperationKinds
{
    /// <summary>Gets the kinds and how a domain's instance id of each is built.</summary>
    public static IReadOnlyList<(string Kind, Func<string, string> IdOf)> All { get; } =
    [
        ("provision", SiteInstanceIds.Provision),
        ("teardown", SiteInstanceIds.Teardown),
        ("rollback", SiteInstanceIds.Rollback),
        ("redeploy", SiteInstanceIds.Redeploy),
        ("regenerate", SiteInstanceIds.Regenerate),
    ];

    /// <summary>
    /// The first of the domain's operations other than <paramref name="instanceId"/> that is active (pending, running or
    /// suspended), or null when there is none.
    /// </summary>
    /// <param name="domain">The site's domain (ASCII form).</param>
    /// <param name="instanceId">The operation being started (not "another"); null to report any active one.</param>
    /// <param name="isActive">Reads whether an instance is active.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The active operation's kind and instance id, or null.</returns>
    public static async Task<(string Kind, string InstanceId)?> OtherActiveAsync(
        string domain, string? instanceId, Func<string, CancellationToken, Task<bool>> isActive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(isActive);
        foreach (var (kind, idOf) in All)
        {
            var id = idOf(domain);
            if (!string.Equals(id, instanceId, StringComparison.Ordinal) && await isActive(id, cancellationToken).ConfigureAwait(false))
            {
                return (kind, id);
            }
        }

        return null;
    }
}
