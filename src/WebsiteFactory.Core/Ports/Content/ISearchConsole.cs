using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Content;

/// <summary>
/// Google Site Verification (DNS TXT method) and Search Console (domain properties, search analytics). Authenticates
/// with the account's OAuth refresh token (<see cref="GscAccount.CredentialsSecretName"/>) and client secret. Failures surface as <see cref="Errors.ProviderException"/> only.
/// </summary>
public interface ISearchConsole
{
    /// <summary>Gets the TXT record value (<c>google-site-verification=…</c>) that proves ownership of <paramref name="domain"/>.</summary>
    Task<string> GetDnsTxtTokenAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>Asks Google to verify the domain by its TXT record. Verifying an already verified domain succeeds.</summary>
    Task<DomainVerificationResult> VerifyDomainAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>Adds the Domain property <c>sc-domain:{domain}</c> (idempotent).</summary>
    Task AddDomainPropertyAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the Domain property <c>sc-domain:{domain}</c> from the account's Search Console (its search history goes
    /// with it; the domain's verification is left). Idempotent: a property that is not there is "already gone".
    /// </summary>
    /// <returns>True when it was removed now, false when it was already gone.</returns>
    Task<bool> RemoveDomainPropertyAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clicks and impressions per day for <c>sc-domain:{domain}</c> over the inclusive range. Days without data are
    /// absent (Google omits <c>rows</c> entirely for a property without data).
    /// </summary>
    Task<IReadOnlyList<SearchAnalyticsDay>> QueryDailyAsync(GscAccount account, DomainName domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Lists the site URLs of the account's Search Console properties (<c>sites.list</c>, read-only), e.g. <c>sc-domain:example.com</c>.</summary>
    Task<IReadOnlyList<string>> ListPropertiesAsync(GscAccount account, CancellationToken cancellationToken = default);
}
