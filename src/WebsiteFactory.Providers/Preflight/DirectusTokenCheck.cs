using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Directus;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>directus-token</c>: the read-only <c>GET /users/me</c> with the static token must answer 200 (401: unknown token).
/// Reading the pages collection is not a usable probe: Directus answers 403 alike for a collection that does not exist yet
/// and for one the token may not read.
/// </summary>
public sealed class DirectusTokenCheck(HttpClient http, ISecretStore secrets, IOptions<DirectusOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "directus-token";

    /// <inheritdoc />
    public Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PreflightProbe>>([new PreflightProbe(Name, "directus", ProbeAsync)]);

    private async Task<PreflightOutcome> ProbeAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        const string fix = "Create a static token for a Directus user that may read and write the pages collection and store it under Content:Directus:TokenSecretName.";
        if (await secrets.TryGetAsync(o.TokenSecretName, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } token)
        {
            return PreflightOutcome.Fail($"Secret '{o.TokenSecretName}' is missing.", fix);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.BaseUrl, "users/me"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return status switch
        {
            200 => PreflightOutcome.Pass("The Directus token is accepted."),
            401 or 403 => PreflightOutcome.Fail($"Directus refused the token (HTTP {status}).", fix),
            >= 500 => PreflightOutcome.Warn($"Directus answered HTTP {status}.", "Run pre-flight again; if it persists, check that Directus is running."),
            _ => PreflightOutcome.Fail($"Directus answered HTTP {status}.", "Check Content:Directus:BaseUrl and that Directus is running."),
        };
    }
}
