using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>
/// Google's OAuth token endpoint (refresh-token grant), Site Verification API v1 (DNS_TXT token, webResource insert with a
/// propagation delay) and Search Console API v3 (sites.add/delete/list, searchAnalytics.query with deterministic
/// clicks/impressions, no <c>rows</c> when there is no data, per-user QPM quota answered with 429).
/// </summary>
/// <remarks>
/// Paths under the mapped prefix: <c>/token</c>, <c>/siteVerification/v1/...</c>, <c>/webmasters/v3/...</c>. Errors use
/// Google's envelope <c>{"error":{code,message,status,errors[{domain,reason,message}]}}</c>; OAuth errors use
/// <c>{"error":"invalid_grant","error_description":...}</c>.
/// </remarks>
public sealed partial class SearchConsoleSimulator
{
    private readonly SearchConsoleSimulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _tokenFirstSeen = new(StringComparer.Ordinal);
    private readonly HashSet<(string User, string Domain)> _verified = [];
    private int _tokenRequests;
    private readonly Dictionary<(string User, string SiteUrl), DateOnly> _properties = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _queries = new(StringComparer.Ordinal);
    private int _issued;

    /// <summary>Creates the simulator.</summary>
    public SearchConsoleSimulator(SearchConsoleSimulatorOptions? options = null, TimeProvider? clock = null)
    {
        _options = options ?? new SearchConsoleSimulatorOptions();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Registers an OAuth client and a refresh token belonging to <paramref name="userEmail"/>.</summary>
    public void AddAccount(string clientId, string clientSecret, string refreshToken, string userEmail)
    {
        lock (_lock)
        {
            _clients[clientId] = clientSecret;
            _refreshTokens[refreshToken] = userEmail;
        }
    }

    /// <summary>Invalidates every access token issued so far (as Google does on a password change); refresh tokens stay valid.</summary>
    public void ExpireAccessTokens()
    {
        lock (_lock)
        {
            _accessTokens.Clear();
        }
    }

    /// <summary>Revokes a refresh token (the next token request fails with <c>invalid_grant</c>).</summary>
    public void RevokeRefreshToken(string refreshToken)
    {
        lock (_lock)
        {
            _refreshTokens.Remove(refreshToken);
        }
    }

    /// <summary>OAuth token requests received so far (refresh-token grants, good or bad).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Publishes a TXT record for the default lookup.</summary>
    public void PublishTxt(string name, string value) =>
        _txt.GetOrAdd(name.TrimEnd('.'), _ => []).Add(value);

    /// <summary>Whether <paramref name="siteUrl"/> (e.g. <c>sc-domain:example.com</c>) is a property of the user.</summary>
    public bool HasProperty(string userEmail, string siteUrl)
    {
        lock (_lock)
        {
            return _properties.ContainsKey((userEmail, siteUrl));
        }
    }

    /// <summary>Adds a property directly, with data from <paramref name="dataFrom"/> on (seeding).</summary>
    public void SeedProperty(string userEmail, string siteUrl, DateOnly dataFrom)
    {
        lock (_lock)
        {
            _properties[(userEmail, siteUrl)] = dataFrom;
        }
    }

    /// <summary>Marks a domain as verified for a user and adds its domain property (seeding, e.g. restoring a demo).</summary>
    public void SeedVerifiedDomain(string userEmail, string domain, DateOnly dataFrom)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        lock (_lock)
        {
            _verified.Add((userEmail, domain.ToLowerInvariant()));
            _properties[(userEmail, "sc-domain:" + domain.ToLowerInvariant())] = dataFrom;
        }
    }

    /// <summary>The deterministic figures the simulator reports for a property and day (before the no-data rules).</summary>
    public static (long Clicks, long Impressions) FiguresFor(string siteUrl, DateOnly date)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{siteUrl}|{date:yyyy-MM-dd}"));
        var impressions = 20 + (BitConverter.ToUInt16(h, 0) % 480);
        var clicks = impressions * (1 + h[2] % 8) / 100;
        return (clicks, impressions);
    }

    /// <summary>Maps the endpoints under <paramref name="prefix"/>.</summary>
    public void Map(IEndpointRouteBuilder routes, string prefix = "")
    {
        var g = routes.MapGroup(prefix);
        g.MapPost("/token", (Delegate)TokenAsync);
        g.MapPost("/siteVerification/v1/token", (Delegate)GetVerificationTokenAsync);
        g.MapPost("/siteVerification/v1/webResource", (Delegate)InsertWebResourceAsync);
        g.MapPut("/webmasters/v3/sites/{siteUrl}", (Delegate)AddSite);
        g.MapDelete("/webmasters/v3/sites/{siteUrl}", (Delegate)DeleteSite);
        g.MapGet("/webmasters/v3/sites", (Delegate)ListSites);
        g.MapPost("/webmasters/v3/sites/{siteUrl}/searchAnalytics/query", (Delegate)QueryAsync);
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        lock (_lock)
        {
            if (!_clients.TryGetValue(form["client_id"].ToString(), out var secret) || secret != form["client_secret"].ToString())
            {
                return OAuthError(401, "invalid_client", "The OAuth client was not found.");
            }

            if (form["grant_type"] != "refresh_token" || !_refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var user))
            {
                return OAuthError(400, "invalid_grant", "Token has been expired or revoked.");
            }

            var token = "ya29.sim-" + (++_issued).ToString(CultureInfo.InvariantCulture);
            _accessTokens[token] = user;
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["expires_in"] = 3599,
                ["scope"] = "https://www.googleapis.com/auth/siteverification https://www.googleapis.com/auth/webmasters",
                ["token_type"] = "Bearer",
            });
        }
    }

    private string? User(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        lock (_lock)
        {
            return auth.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.TryGetValue(auth[7..], out var user) ? user : null;
        }
    }

    private async Task<IResult> GetVerificationTokenAsync(HttpContext http)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        var body = await ReadAsync(http);
        var site = body?["site"];
        if (body?["verificationMethod"]?.GetValue<string>() is not ("DNS_TXT" or "DNS") || site?["type"]?.GetValue<string>() != "INET_DOMAIN"
            || site["identifier"]?.GetValue<string>() is not { Length: > 0 } domain)
        {
            return GoogleError(400, "INVALID_ARGUMENT", "invalid", "Only DNS_TXT verification of INET_DOMAIN sites is simulated.");
        }

        return Results.Json(new JsonObject { ["method"] = "DNS_TXT", ["token"] = TokenFor(user, domain) });
    }

    private async Task<IResult> InsertWebResourceAsync(HttpContext http)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        var body = await ReadAsync(http);
        if (http.Request.Query["verificationMethod"] != "DNS_TXT" || body?["site"]?["identifier"]?.GetValue<string>() is not { Length: > 0 } domain)
        {
            return GoogleError(400, "INVALID_ARGUMENT", "invalid", "verificationMethod=DNS_TXT and site.identifier are required.");
        }

        domain = domain.ToLowerInvariant();
        var expected = TokenFor(user, domain);
        var values = (_options.TxtLookup ?? DefaultLookup)(domain);
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (!_verified.Contains((user, domain)))
            {
                if (!values.Contains(expected, StringComparer.Ordinal))
                {
                    _tokenFirstSeen.Remove(expected);
                    return GoogleError(400, "INVALID_ARGUMENT", "badRequest", "The necessary verification token could not be found on your site.");
                }

                // Propagation: resolvers see a new record only some time after it was published.
                if (!_tokenFirstSeen.TryGetValue(expected, out var firstSeen))
                {
                    _tokenFirstSeen[expected] = firstSeen = now;
                }

                if (now - firstSeen < _options.VerificationDelay)
                {
                    return GoogleError(400, "INVALID_ARGUMENT", "badRequest", "The necessary verification token could not be found on your site.");
                }

                _verified.Add((user, domain));
            }
        }

        return Results.Json(new JsonObject
        {
            ["id"] = "dns%3A%2F%2F" + domain,
            ["site"] = new JsonObject { ["type"] = "INET_DOMAIN", ["identifier"] = domain },
            ["owners"] = new JsonArray(user),
        });
    }

    private IResult AddSite(HttpContext http, string siteUrl)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        lock (_lock)
        {
            var domain = siteUrl.StartsWith("sc-domain:", StringComparison.Ordinal) ? siteUrl[10..] : null;
            if (domain is null || !_verified.Contains((user, domain)))
            {
                return GoogleError(403, "PERMISSION_DENIED", "forbidden", $"User does not have sufficient permission for site '{siteUrl}'. See also: https://support.google.com/webmasters/answer/2451999.");
            }

            _properties.TryAdd((user, siteUrl), DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(-Math.Max(0, _options.HistoryDays)));
            return Results.NoContent();
        }
    }

    private IResult ListSites(HttpContext http)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        lock (_lock)
        {
            var entries = new JsonArray();
            foreach (var ((u, url), _) in _properties)
            {
                if (u == user)
                {
                    entries.Add(new JsonObject { ["siteUrl"] = url, ["permissionLevel"] = "siteOwner" });
                }
            }

            return Results.Json(new JsonObject { ["siteEntry"] = entries });
        }
    }

    private async Task<IResult> QueryAsync(HttpContext http, string siteUrl)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        var body = await ReadAsync(http);
        var now = _clock.GetUtcNow();
        DateOnly dataFrom;
        lock (_lock)
        {
            var window = _queries.TryGetValue(user, out var q) ? q : _queries[user] = new Queue<DateTimeOffset>();
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
            {
                window.Dequeue();
            }

            if (window.Count >= _options.QueriesPerMinutePerUser)
            {
                http.Response.Headers.RetryAfter = "60";
                return GoogleError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Search Analytics load quota exceeded (queries per minute per user).");
            }

            window.Enqueue(now);
            if (!_properties.TryGetValue((user, siteUrl), out dataFrom))
            {
                return GoogleError(403, "PERMISSION_DENIED", "forbidden", $"User does not have sufficient permission for site '{siteUrl}'.");
            }
        }

        if (!DateOnly.TryParseExact(body?["startDate"]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(body?["endDate"]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end < start)
        {
            return GoogleError(400, "INVALID_ARGUMENT", "invalidParameter", "startDate and endDate (YYYY-MM-DD, start <= end) are required.");
        }

        var dims = body?["dimensions"] as JsonArray;
        var byDate = dims is { Count: 1 } && dims[0]?.GetValue<string>() == "date";
        var rowLimit = body?["rowLimit"]?.GetValue<int>() ?? 1000;
        var startRow = body?["startRow"]?.GetValue<int>() ?? 0;
        var lastWithData = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-_options.DataDelayDays - 1);
        var rows = new JsonArray();
        long totalClicks = 0, totalImpressions = 0;
        for (var d = start < dataFrom ? dataFrom : start; d <= end && d <= lastWithData; d = d.AddDays(1))
        {
            var (clicks, impressions) = FiguresFor(siteUrl, d);
            totalClicks += clicks;
            totalImpressions += impressions;
            if (byDate)
            {
                rows.Add(Row(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clicks, impressions));
            }
        }

        if (!byDate && totalImpressions > 0)
        {
            rows.Add(Row(null, totalClicks, totalImpressions));
        }

        var page = rows.Skip(startRow).Take(rowLimit).Select(r => r!.DeepClone()).ToArray();
        var response = new JsonObject { ["responseAggregationType"] = "byProperty" };
        if (page.Length > 0)
        {
            // Like Google: the key is absent, not an empty array, when there is no data.
            response["rows"] = new JsonArray(page);
        }

        return Results.Json(response);
    }

    private static JsonObject Row(string? key, long clicks, long impressions)
    {
        var row = new JsonObject
        {
            ["clicks"] = clicks,
            ["impressions"] = impressions,
            ["ctr"] = impressions == 0 ? 0 : Math.Round((double)clicks / impressions, 4),
            ["position"] = 12.3,
        };
        if (key is not null)
        {
            row["keys"] = new JsonArray(key);
        }

        return row;
    }

    private List<string> DefaultLookup(string name) =>
        _txt.TryGetValue(name, out var values) ? values.ToList() : [];

    private static string TokenFor(string user, string domain)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{user}|{domain.ToLowerInvariant()}"));
        return "google-site-verification=" + Convert.ToBase64String(h).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Google's error for an answer no handler wrote. Google's API front end routes by method and path together, so an
    /// unknown path and a wrong method are both 404 <c>NOT_FOUND</c>; the OAuth token endpoint answers in OAuth's shape.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status)
    {
        if (http.Request.Path.Value?.EndsWith("/token", StringComparison.Ordinal) == true && !http.Request.Path.Value.Contains("/siteVerification/", StringComparison.Ordinal))
        {
            return OAuthError(status == 405 ? 405 : 400, "invalid_request", $"{http.Request.Method} is not supported; POST a form.");
        }

        return status switch
        {
            404 or 405 => GoogleError(404, "NOT_FOUND", "notFound", "Method not found."),
            >= 500 => GoogleError(status, "INTERNAL", "backendError", "Internal error encountered."),
            _ => GoogleError(400, "INVALID_ARGUMENT", "parseError", "Invalid JSON payload received."),
        };
    }

    private static IResult Unauthenticated() =>
        GoogleError(401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token.");

    private static IResult GoogleError(int code, string status, string reason, string message) =>
        Results.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["status"] = status,
                ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = reason, ["message"] = message }),
            },
        }, statusCode: code);

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
