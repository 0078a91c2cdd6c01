using System.Security.Cryptography;
using System.Text;

namespace WebsiteFactory.Workflows;

/// <summary>
/// The instance ids of a site's orchestrations, derived from its domain: <c>provision-{domain}</c> (and its publish
/// child <c>provision-{domain}:publish</c>), <c>regenerate-{domain}</c>, <c>redeploy-{domain}</c>,
/// <c>rollback-{domain}</c>, <c>teardown-{domain}</c>, <c>analytics-{domain}</c> (the background Matomo retry). Every host builds them here, so a single start, a batch child and
/// a retry all address the same instance.
/// </summary>
/// <remarks>
/// <para>Instance ids are capped at <see cref="MaxLength"/> characters (Durable Functions, the embedded engine). A domain
/// can have 253 characters, so <c>provision-</c> + domain + <c>:publish</c> can pass the cap. Only then the domain part
/// is shortened and followed by <c>~</c> and the first <see cref="HashLength"/> hex digits of the SHA-256 of the whole
/// domain, which keeps ids of two long domains with a common beginning apart. Every id of a normal domain is exactly
/// the prefix and the domain, as before, so existing instances keep their ids.</para>
/// <para>The budget reserves room for the longest suffix (<see cref="PublishSuffix"/>) on every prefix, so appending it
/// to any id built here stays within the cap.</para>
/// </remarks>
public static class SiteInstanceIds
{
    /// <summary>The longest instance id the hosts accept.</summary>
    public const int MaxLength = 256;

    /// <summary>Prefix of a site's provisioning (<c>ProvisionSite</c>).</summary>
    public const string ProvisionPrefix = "provision-";

    /// <summary>Prefix of a site's content regeneration (<c>Content.RegenerateContent</c>).</summary>
    public const string RegeneratePrefix = "regenerate-";

    /// <summary>Prefix of a site's redeploy (<c>Content.Redeploy</c>).</summary>
    public const string RedeployPrefix = "redeploy-";

    /// <summary>Prefix of a site's rollback (<c>Content.RollbackSite</c>).</summary>
    public const string RollbackPrefix = "rollback-";

    /// <summary>Prefix of a site's teardown (<c>TeardownSite</c>).</summary>
    public const string TeardownPrefix = "teardown-";

    /// <summary>Prefix of a site's background Matomo retry (<c>Provisioning.AnalyticsRetry</c>).</summary>
    public const string AnalyticsPrefix = "analytics-";

    /// <summary>Suffix of the publish child of a provisioning instance; the longest suffix of a site id.</summary>
    public const string PublishSuffix = ":publish";

    /// <summary>Suffix of the rollback child of a failed provisioning instance (<see cref="Provisioning.ProvisionSettings.RollbackOnFailure"/>).</summary>
    public const string RollbackSuffix = ":rollback";

    /// <summary>Hex digits of the domain hash in a shortened id (48 bits).</summary>
    public const int HashLength = 12;

    /// <summary>The id of a site's provisioning: <c>provision-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form, as <c>DomainName.Value</c>).</param>
    /// <returns>The id.</returns>
    public static string Provision(string domain) => Build(ProvisionPrefix, domain);

    /// <summary>The id of the publish child of a site's provisioning: <c>provision-{domain}:publish</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Publish(string domain) => PublishChildOf(Provision(domain));

    /// <summary>
    /// The id of the publish child of a provisioning instance: the parent's id followed by <see cref="PublishSuffix"/>.
    /// </summary>
    /// <param name="provisionInstanceId">The parent's instance id (from <see cref="Provision"/>, or any id a caller chose).</param>
    /// <returns>The id; an id a caller chose too long for the suffix is shortened with a hash the same way as a domain.</returns>
    public static string PublishChildOf(string provisionInstanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(provisionInstanceId);
        var id = provisionInstanceId + PublishSuffix;
        return id.Length <= MaxLength ? id : Shorten(string.Empty, provisionInstanceId, PublishSuffix.Length) + PublishSuffix;
    }

    /// <summary>
    /// The id of the rollback child of a provisioning instance: the parent's id followed by <see cref="RollbackSuffix"/>
    /// (<c>provision-{domain}:rollback</c>).
    /// </summary>
    /// <param name="provisionInstanceId">The parent's instance id.</param>
    /// <returns>The id; a parent id too long for the suffix is shortened with a hash the same way as a domain.</returns>
    /// <remarks>
    /// The suffix is one character longer than <see cref="PublishSuffix"/>, which the id budget reserves, so the parent is
    /// shortened here when it alone would pass the cap; ids of every normal domain are exactly parent + suffix.
    /// </remarks>
    public static string RollbackChildOf(string provisionInstanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(provisionInstanceId);
        var id = provisionInstanceId + RollbackSuffix;
        return id.Length <= MaxLength ? id : Shorten(string.Empty, provisionInstanceId, RollbackSuffix.Length) + RollbackSuffix;
    }

    /// <summary>The id of a site's content regeneration: <c>regenerate-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Regenerate(string domain) => Build(RegeneratePrefix, domain);

    /// <summary>The id of a site's redeploy: <c>redeploy-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Redeploy(string domain) => Build(RedeployPrefix, domain);

    /// <summary>The id of a site's rollback: <c>rollback-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Rollback(string domain) => Build(RollbackPrefix, domain);

    /// <summary>The id of a site's teardown: <c>teardown-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Teardown(string domain) => Build(TeardownPrefix, domain);

    /// <summary>The id of a site's background Matomo retry: <c>analytics-{domain}</c>.</summary>
    /// <param name="domain">The domain (ASCII form).</param>
    /// <returns>The id.</returns>
    public static string Analytics(string domain) => Build(AnalyticsPrefix, domain);

    private static string Build(string prefix, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        return prefix.Length + domain.Length + PublishSuffix.Length <= MaxLength
            ? prefix + domain
            : Shorten(prefix, domain, PublishSuffix.Length);
    }

    /// <summary><paramref name="prefix"/> + the start of <paramref name="value"/> + <c>~</c> + its hash, leaving <paramref name="reserve"/> characters free.</summary>
    private static string Shorten(string prefix, string value, int reserve)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..HashLength];
        var keep = MaxLength - reserve - prefix.Length - 1 - HashLength;
        return $"{prefix}{value[..keep]}~{hash}";
    }
}
