using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Matomo;

/// <summary>
/// <see cref="IMatomoClient"/> over the reporting API with the JSON renderer. The token goes in the POST body (Matomo
/// rejects "secure only" tokens in query strings, and URLs end up in logs). Errors arrive as
/// <c>{"result":"error"}</c> with HTTP 200 and are translated here.
/// </summary>
public sealed partial class MatomoClient(HttpClient http, ISecretStore secrets, IOptions<MatomoOptions> options, VendorMetrics metrics) : IMatomoClient
{
    private const string Provider = "matomo";
    private readonly MatomoOptions _options = options.Value;

    /// <inheritdoc />
    public async Task<int?> FindSiteIdAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var json = await CallAsync("SitesManager.getSitesIdFromSiteUrl", [new("url", $"https://{domain.Value}")], true, cancellationToken).ConfigureAwait(false);
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, "Matomo answered getSitesIdFromSiteUrl with an unexpected shape.");
        }

        var ids = json.EnumerateArray()
            .Select(e => e.TryGetProperty("idsite", out var v) ? ReadInt(v) : null)
            .Where(i => i is not null)
            .Select(i => i!.Value)
            .Order()
            .ToList();
        return ids.Count == 0 ? null : ids[0];
    }

    /// <inheritdoc />
    public async Task DeleteSiteAsync(int siteId, CancellationToken cancellationToken = default)
    {
        try
        {
            // deleteSite of an already deleted site answers "website id = N not found": a repeat is a no-op, so it is safe to
            // retry.
            await CallAsync("SitesManager.deleteSite", [new("idSite", siteId.ToString(CultureInfo.InvariantCulture))], true, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.Permanent && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            // Already gone: success.
        }
    }

    /// <inheritdoc />
    public async Task<int> EnsureSiteAsync(DomainName domain, string siteName, CancellationToken cancellationToken = default)
    {
        if (await FindSiteIdAsync(domain, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        // addSite is not idempotent at Matomo: never retried blindly (not flagged idempotent); the step's durable retry
        // starts again with the lookup above.
        var json = await CallAsync("SitesManager.addSite",
        [
            new("siteName", string.IsNullOrWhiteSpace(siteName) ? domain.Value : siteName),
            new("urls[]", $"https://{domain.Value}"),
            new("urls[]", $"https://www.{domain.Value}"),
            new("timezone", _options.Timezone),
        ], false, cancellationToken).ConfigureAwait(false);
        return json.TryGetProperty("value", out var v) && ReadInt(v) is { } id
            ? id
            : throw new ProviderException(Provider, ProviderErrorKind.Transient, "Matomo answered addSite without a site id.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VisitsSummary>> GetDailyVisitsAsync(int siteId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        }

        var date = $"{from:yyyy-MM-dd},{to:yyyy-MM-dd}";
        var json = await CallAsync("VisitsSummary.get",
            [new("idSite", siteId.ToString(CultureInfo.InvariantCulture)), new("period", "day"), new("date", date)], true, cancellationToken).ConfigureAwait(false);
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, "Matomo answered VisitsSummary.get with an unexpected shape.");
        }

        var result = new List<VisitsSummary>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var key = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (json.TryGetProperty(key, out var row) && row.ValueKind == JsonValueKind.Object)
            {
                result.Add(new VisitsSummary(d, Long(row, "nb_visits") ?? 0, Long(row, "nb_uniq_visitors"), Long(row, "nb_actions") ?? 0,
                    Long(row, "bounce_count") ?? 0, Long(row, "sum_visit_length") ?? 0));
            }
            else
            {
                result.Add(new VisitsSummary(d, 0, null, 0, 0, 0)); // Matomo sends [] for days without data.
            }
        }

        return result;
    }

    private static long? Long(JsonElement row, string name) =>
        row.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetInt64(out var l) ? l : (long)v.GetDouble(),
            JsonValueKind.String => long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        } : null;

    private static int? ReadInt(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetInt32(),
        JsonValueKind.String => int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null,
        _ => null,
    };

    private Task<JsonElement> CallAsync(string method, KeyValuePair<string, string>[] parameters, bool idempotent, CancellationToken cancellationToken) =>
        metrics.MeasureAsync(Provider, VendorOperation.FromRpc(method), () => ExchangeAsync(method, parameters, idempotent, cancellationToken));

    private async Task<JsonElement> ExchangeAsync(string method, KeyValuePair<string, string>[] parameters, bool idempotent, CancellationToken cancellationToken)
    {
        var url = _options.Url ?? throw new ProviderException(Provider, ProviderErrorKind.Permanent, "Matomo URL is not configured (Providers:Matomo:Url).");
        var token = await secrets.GetAsync(_options.TokenSecretName, cancellationToken).ConfigureAwait(false);
        var form = new List<KeyValuePair<string, string>> { new("module", "API"), new("method", method), new("format", "JSON"), new("token_auth", token) };
        form.AddRange(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(VendorResilience.Idempotent, idempotent);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is HttpRequestException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(e, cancellationToken))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Matomo did not answer {method}: {e.GetType().Name}.", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new ProviderException(Provider, status >= 500 || status == 429 ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent, $"Matomo answered HTTP {status} to {method}.");
            }

            JsonElement json;
            try
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                json = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Matomo answered {method} with something that is not JSON (is the URL right?).", inner: e);
            }

            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("result", out var r) && r.GetString() == "error")
            {
                var message = json.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
                message = message.Length > 300 ? message[..300] : message;
                var auth = message.Contains("token", StringComparison.OrdinalIgnoreCase) || message.Contains("access", StringComparison.OrdinalIgnoreCase);
                throw new ProviderException(Provider, ProviderErrorKind.Permanent,
                    auth ? $"Matomo refused the token for {method}: {message}" : $"Matomo {method} failed: {message}");
            }

            return json;
        }
    }
}
