using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Matomo;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>matomo-token</c>: when Matomo is configured, the read-only <c>SitesManager.getSitesIdFromSiteUrl</c> (token in the POST
/// body) must answer without <c>result: error</c>. Matomo never blocks provisioning, so a failure here is a warning.
/// </summary>
public sealed class MatomoTokenCheck(HttpClient http, ISecretStore secrets, IOptions<MatomoOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "matomo-token";

    /// <inheritdoc />
    public Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PreflightProbe>>(options.Value.Url is null ? [] : [new PreflightProbe(Name, "matomo", ProbeAsync)]);

    private async Task<PreflightOutcome> ProbeAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        const string fix = "Create a token for a Matomo user with super-user access (Personal > Security > Auth tokens) and store it under Providers:Matomo:TokenSecretName.";
        if (await secrets.TryGetAsync(o.TokenSecretName, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } token)
        {
            return PreflightOutcome.Warn($"Secret '{o.TokenSecretName}' is missing; sites will be created without analytics.", fix);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["module"] = "API", ["method"] = "SitesManager.getSitesIdFromSiteUrl", ["format"] = "JSON", ["url"] = "https://preflight.invalid", ["token_auth"] = token,
        });
        var url = new Uri(o.Url!, o.Url!.AbsolutePath.EndsWith(".php", StringComparison.Ordinal) ? string.Empty : "index.php");
        using var response = await http.PostAsync(url, form, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (response.IsSuccessStatusCode && !(doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("result", out var r) && r.GetString() == "error"))
            {
                return PreflightOutcome.Pass("The Matomo token is accepted.");
            }

            var message = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
            return PreflightOutcome.Warn($"Matomo refused the token (HTTP {(int)response.StatusCode}: {message ?? "no message"}).", fix);
        }
        catch (JsonException)
        {
            return PreflightOutcome.Warn($"Matomo answered HTTP {(int)response.StatusCode} without JSON.", "Check Providers:Matomo:Url (it must point at the Matomo root or its index.php).");
        }
    }
}
