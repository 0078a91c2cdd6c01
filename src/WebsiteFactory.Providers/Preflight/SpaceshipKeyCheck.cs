using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Core.Preflight;

namespace WebsiteFactory.Providers.Preflight;

/// <summary><c>spaceship-api</c>: per Spaceship account, the read-only <c>GET /domains?take=1&amp;skip=0</c> must answer 200 (401: key or secret wrong).</summary>
public sealed class SpaceshipKeyCheck(HttpClient http, ISecretStore secrets, IRegistrarAccountRepository accounts) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "spaceship-api";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => a.Provider == RegistrarProvider.Spaceship)
            .Select(a => new PreflightProbe(Name, PreflightTargets.Of(a), ct => ProbeAsync(a, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(RegistrarAccount account, CancellationToken cancellationToken)
    {
        var key = await secrets.TryGetAsync(account.ApiKeySecretName.Value, cancellationToken).ConfigureAwait(false);
        var secret = account.ApiSecretSecretName is { } s ? await secrets.TryGetAsync(s.Value, cancellationToken).ConfigureAwait(false) : null;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return PreflightOutcome.Fail("The API key or secret is missing from the secret store.", "Store the Spaceship API key and secret (API Manager) under the account's secret names.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "domains?take=1&skip=0");
        request.Headers.Add("X-API-Key", key);
        request.Headers.Add("X-API-Secret", secret);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return status switch
        {
            200 => PreflightOutcome.Pass("The API key and secret are accepted."),
            401 or 403 => PreflightOutcome.Fail($"Spaceship rejected the API key (HTTP {status}).",
                "Create a key in Spaceship's API Manager with domain read and nameserver write access and store its key and secret for this account."),
            429 => PreflightOutcome.Warn("Spaceship rate-limited the check (HTTP 429).", "Wait a minute and run pre-flight again; provisioning on this account will be slowed too."),
            >= 500 => PreflightOutcome.Warn($"Spaceship answered HTTP {status}.", "Run pre-flight again; provisioning retries Spaceship outages on its own."),
            _ => PreflightOutcome.Fail($"Spaceship answered HTTP {status}.", "Check Providers:Spaceship:BaseUrl and Spaceship's status, then run pre-flight again."),
        };
    }
}
