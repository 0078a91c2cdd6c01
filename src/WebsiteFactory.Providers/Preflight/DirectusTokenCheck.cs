using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Directus;

namespace WebsiteFactory.Providers.Preflight;

/// <summary><c>directus-token</c>: the read-only <c>GET /items/{pages collection}?limit=1</c> with the static token must not answer 401/403.</summary>
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

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.BaseUrl, $"items/{Uri.EscapeDataString(o.PagesCollection)}?limit=1"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return status switch
        {
            200 => PreflightOutcome.Pass("The Directus token may read the pages collection."),
            // The collection is created on first use; a token that is accepted but finds no collection is fine.
            404 => PreflightOutcome.Pass("The Directus token is accepted (the pages collection does not exist yet)."),
            401 or 403 => PreflightOutcome.Fail($"Directus refused the token (HTTP {status}).", fix),
            _ => PreflightOutcome.Fail($"Directus answered HTTP {status}.", "Check Content:Directus:BaseUrl and that Directus is running."),
        };
    }
}
