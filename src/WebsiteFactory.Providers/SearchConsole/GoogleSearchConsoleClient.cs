using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.SearchConsole;

/// <summary>
/// <see cref="ISearchConsole"/> over Google's REST APIs with the OAuth refresh-token flow: the account's client secret and
/// refresh token come from the secret store, access tokens are cached per account until shortly before they expire.
/// </summary>
/// <remarks>
/// Every call takes a permit from the account's shared rate budget (<c>searchconsole:{accountId}:query</c> for Search
/// Analytics, <c>:sites</c> for verification and property calls), so all workers together stay under Google's per-user
/// limits. A 429 / <c>RESOURCE_EXHAUSTED</c> / <c>quotaExceeded</c> anyway becomes <see cref="ProviderErrorKind.RateLimited"/>.
/// </remarks>
public sealed partial class GoogleSearchConsoleClient : ISearchConsole
{
    private const string Provider = "searchconsole";
    private readonly HttpClient _http;
    private readonly ISecretStore _secrets;
    private readonly IRateBudget _budget;
    private readonly TimeProvider _clock;
    private readonly SearchConsoleOptions _options;
    private readonly GoogleAccessTokenCache _tokens;
    private readonly VendorMetrics? _metrics;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="secrets">Client secrets and refresh tokens.</param>
    /// <param name="budget">Shared rate budgets.</param>
    /// <param name="clock">Clock.</param>
    /// <param name="options">Endpoints and limits.</param>
    /// <param name="tokens">The process-wide token cache (a private one when null).</param>
    /// <param name="metrics">Where each call's outcome and latency go (none when null).</param>
    public GoogleSearchConsoleClient(HttpClient http, ISecretStore secrets, IRateBudget budget, TimeProvider clock, IOptions<SearchConsoleOptions> options, GoogleAccessTokenCache? tokens = null, VendorMetrics? metrics = null)
    {
        _metrics = metrics;
        _tokens = tokens ?? new GoogleAccessTokenCache();
        _http = http;
        _secrets = secrets;
        _budget = budget;
        _clock = clock;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<string> GetDnsTxtTokenAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["site"] = Site(domain), ["verificationMethod"] = "DNS_TXT" };
        var json = await SendAsync(account, HttpMethod.Post, new Uri(_options.SiteVerificationBaseUrl, "token"), body, "sites", "verification token", cancellationToken).ConfigureAwait(false);
        return json?["token"]?.GetValue<string>() is { Length: > 0 } token
            ? token
            : throw new ProviderException(Provider, ProviderErrorKind.Transient, "Site Verification returned no token.");
    }

    /// <inheritdoc />
    public async Task<DomainVerificationResult> VerifyDomainAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(account, HttpMethod.Post, new Uri(_options.SiteVerificationBaseUrl, "webResource?verificationMethod=DNS_TXT"),
                new JsonObject { ["site"] = Site(domain) }, "sites", "domain verification", cancellationToken).ConfigureAwait(false);
            return DomainVerificationResult.Verified;
        }
        catch (ProviderException ex) when (ex.VendorCode == "token-not-found")
        {
            return DomainVerificationResult.TokenNotFound;
        }
    }

    /// <inheritdoc />
    public async Task AddDomainPropertyAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default) =>
        await SendAsync(account, HttpMethod.Put, SiteUri(domain, string.Empty), null, "sites", "add property", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks><c>DELETE /webmasters/v3/sites/{siteUrl}</c>; Google's 404 for a property that is not there means "already gone".</remarks>
    public async Task<bool> RemoveDomainPropertyAsync(GscAccount account, DomainName domain, CancellationToken cancellationToken = default) =>
        !ReferenceEquals(await SendAsync(account, HttpMethod.Delete, SiteUri(domain, string.Empty), null, "sites", "remove property", cancellationToken, absentOn404: true).ConfigureAwait(false), Absent);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchAnalyticsDay>> QueryDailyAsync(GscAccount account, DomainName domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException("The end date is before the start date.", nameof(to));
        }

        const int rowLimit = 25_000;
        var days = new List<SearchAnalyticsDay>();
        for (var startRow = 0; ; startRow += rowLimit)
        {
            var body = new JsonObject
            {
                ["startDate"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["endDate"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["dimensions"] = new JsonArray("date"),
                ["type"] = "web",
                // Fresh (partial) data too: the nightly job re-fetches the last days and overwrites them once final.
                ["dataState"] = "all",
                ["rowLimit"] = rowLimit,
                ["startRow"] = startRow,
            };
            var json = await SendAsync(account, HttpMethod.Post, SiteUri(domain, "/searchAnalytics/query"), body, "query", "search analytics query", cancellationToken).ConfigureAwait(false);
            // No "rows" key at all means no data (a new property).
            if (json?["rows"] is not JsonArray rows)
            {
                break;
            }

            foreach (var row in rows)
            {
                if (row?["keys"] is JsonArray { Count: > 0 } keys
                    && DateOnly.TryParseExact(keys[0]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    days.Add(new SearchAnalyticsDay(date, (long)(row["clicks"]?.GetValue<double>() ?? 0), (long)(row["impressions"]?.GetValue<double>() ?? 0)));
                }
            }

            if (rows.Count < rowLimit)
            {
                break;
            }
        }

        return days;
    }

    /// <summary>
    /// Lists the account's Search Console properties (<c>GET sites</c>): a read-only call that proves the credentials work
    /// (pre-flight). Errors are the same <see cref="ProviderException"/>s as the other calls.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of properties the account can see.</returns>
    public async Task<int> CountSitesAsync(GscAccount account, CancellationToken cancellationToken = default)
    {
        var node = await SendAsync(account, HttpMethod.Get, new Uri(_options.SearchConsoleBaseUrl, "sites"), null, "sites", "site list", cancellationToken).ConfigureAwait(false);
        return node?["siteEntry"] is JsonArray entries ? entries.Count : 0;
    }

    private static JsonObject Site(DomainName domain) => new() { ["type"] = "INET_DOMAIN", ["identifier"] = domain.Value };

    private Uri SiteUri(DomainName domain, string suffix) =>
        new(_options.SearchConsoleBaseUrl, "sites/" + Uri.EscapeDataString("sc-domain:" + domain.Value) + suffix);

    /// <summary>What <see cref="SendAsync"/> returns for a 404 when asked to treat it as "not there" (compared by reference).</summary>
    private static readonly JsonObject Absent = [];

    private async Task<JsonNode?> SendAsync(GscAccount account, HttpMethod method, Uri uri, JsonNode? body, string budget, string what, CancellationToken cancellationToken, bool absentOn404 = false)
    {
        ArgumentNullException.ThrowIfNull(account);
        var policy = budget == "query" ? new RateLimitPolicy(_options.QueriesPerMinute, TimeSpan.FromMinutes(1)) : new RateLimitPolicy(_options.SitesCallsPerMinute, TimeSpan.FromMinutes(1));
        var budgetKey = $"{Provider}:{account.Id:N}:{budget}";
        await _budget.AcquireAsync(Provider, budgetKey, policy, _clock, _options.MaxBudgetWait, cancellationToken).ConfigureAwait(false);
        return _metrics is null
            ? await ExchangeAsync(account, method, uri, body, budgetKey, what, absentOn404, cancellationToken).ConfigureAwait(false)
            : await _metrics.MeasureAsync(Provider, VendorOperation.FromRest(method, uri.AbsolutePath),
                () => ExchangeAsync(account, method, uri, body, budgetKey, what, absentOn404, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<JsonNode?> ExchangeAsync(GscAccount account, HttpMethod method, Uri uri, JsonNode? body, string budgetKey, string what, bool absentOn404, CancellationToken cancellationToken)
    {
        var (status, text, retryAfter) = await SendWithTokenAsync(account, method, uri, body, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Unauthorized)
        {
            // A cached access token Google no longer accepts (revoked, rotated): refresh it once and try again; a second 401
            // means the account itself lost access and is reported as permanent below.
            _tokens.Invalidate(account.Id);
            (status, text, retryAfter) = await SendWithTokenAsync(account, method, uri, body, cancellationToken).ConfigureAwait(false);
            if (status == HttpStatusCode.Unauthorized)
            {
                _tokens.Invalidate(account.Id);
            }
        }

        if ((int)status is >= 200 and < 300)
        {
            return text.Length == 0 ? null : Parse(text);
        }

        if (absentOn404 && status == HttpStatusCode.NotFound)
        {
            return Absent;
        }

        var (message, googleStatus, reason) = ReadGoogleError(text);
        var detail = $"Google {what} failed ({(int)status} {googleStatus ?? reason}): {message ?? status.ToString()}";
        if (status == HttpStatusCode.TooManyRequests || googleStatus == "RESOURCE_EXHAUSTED" || reason is "quotaExceeded" or "rateLimitExceeded" or "userRateLimitExceeded")
        {
            await _budget.BlockAsync(budgetKey, retryAfter ?? TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            throw new ProviderException(Provider, ProviderErrorKind.RateLimited, detail, retryAfter ?? TimeSpan.FromMinutes(1), reason ?? googleStatus);
        }

        if (status == HttpStatusCode.BadRequest && message is not null && message.Contains("verification token could not be found", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, detail, vendorCode: "token-not-found");
        }

        throw (int)status >= 500
            ? new ProviderException(Provider, ProviderErrorKind.Transient, detail, vendorCode: googleStatus)
            : new ProviderException(Provider, ProviderErrorKind.Permanent, detail, vendorCode: reason ?? googleStatus);
    }

    private Task<string> AccessTokenAsync(GscAccount account, CancellationToken cancellationToken) =>
        _tokens.GetAsync(account.Id, _clock.GetUtcNow, ct => RefreshAccessTokenAsync(account, ct), cancellationToken);

    private async Task<(string Token, DateTimeOffset Expires)> RefreshAccessTokenAsync(GscAccount account, CancellationToken cancellationToken)
    {
        if (account.OAuthClientId is null || account.OAuthClientSecretName is null)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"Search Console account '{account.AccountNickname}' has no OAuth client id or client secret name.");
        }

        var clientSecret = await _secrets.GetAsync(account.OAuthClientSecretName.Value, cancellationToken).ConfigureAwait(false);
        var refreshToken = await _secrets.GetAsync(account.CredentialsSecretName.Value, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = account.OAuthClientId,
                ["client_secret"] = clientSecret,
                ["refresh_token"] = refreshToken,
            }),
        };
        var (status, text, _) = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        var json = text.Length == 0 ? null : Parse(text);
        if (status != HttpStatusCode.OK || json?["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
        {
            var error = json?["error"] is JsonValue v && v.TryGetValue<string>(out var e) ? e : null;
            throw (int)status >= 500
                ? new ProviderException(Provider, ProviderErrorKind.Transient, $"Google's token endpoint failed ({(int)status}).")
                : new ProviderException(Provider, ProviderErrorKind.Permanent,
                    $"Google refused the OAuth credentials of account '{account.AccountNickname}' ({error ?? ((int)status).ToString(CultureInfo.InvariantCulture)}); re-authorise and update the refresh token secret.",
                    vendorCode: error);
        }

        var expiresIn = json["expires_in"]?.GetValue<int>() ?? 3600;
        return (token, _clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(60, expiresIn - 120)));
    }

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> SendWithTokenAsync(GscAccount account, HttpMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken)
    {
        var token = await AccessTokenAsync(account, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, body, response.Headers.RetryAfter?.Delta);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Google API unreachable: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when ((ex is TimeoutException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(ex, cancellationToken))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Google API request timed out or was refused by the circuit breaker ({ex.GetType().Name}).", inner: ex);
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, "Google API returned a body that is not JSON.", inner: ex);
        }
    }

    private static (string? Message, string? Status, string? Reason) ReadGoogleError(string text)
    {
        try
        {
            if (JsonNode.Parse(text)?["error"] is JsonObject e)
            {
                var reason = e["errors"] is JsonArray { Count: > 0 } errs ? errs[0]?["reason"]?.GetValue<string>() : null;
                return (e["message"]?.GetValue<string>(), e["status"]?.GetValue<string>(), reason);
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        return (null, null, null);
    }
}
