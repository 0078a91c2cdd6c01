using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.SearchConsole;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>google-credentials</c>: per Search Console account, an access token is obtained and the property list read
/// (<see cref="GoogleSearchConsoleClient.CountSitesAsync"/>). Search Console is the pipeline's last, optional step, so a
/// failure is a warning.
/// </summary>
public sealed class GoogleCredentialsCheck(ISearchConsole searchConsole, IGscAccountRepository accounts) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "google-credentials";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        searchConsole is not GoogleSearchConsoleClient google
            ? []
            : [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => new PreflightProbe(Name, PreflightTargets.Of(a), ct => ProbeAsync(google, a, ct)))];

    private static async Task<PreflightOutcome> ProbeAsync(GoogleSearchConsoleClient google, GscAccount account, CancellationToken cancellationToken)
    {
        try
        {
            var count = await google.CountSitesAsync(account, cancellationToken).ConfigureAwait(false);
            return PreflightOutcome.Pass($"The credentials work; the account sees {count} Search Console properties.");
        }
        catch (KeyNotFoundException)
        {
            return PreflightOutcome.Warn($"Secret '{account.CredentialsSecretName}' is missing.", "Store the service-account JSON key (or OAuth refresh token) of this account under its credentials secret.");
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            return PreflightOutcome.Warn($"Google refused the credentials: {e.Message}",
                "Create a new key for the service account (or sign in again for OAuth), store it, and add the account as an owner in Search Console.");
        }
        catch (ProviderException e)
        {
            return PreflightOutcome.Warn($"Google did not answer: {e.Message}", "Run pre-flight again later; Search Console steps retry on their own.");
        }
    }
}
