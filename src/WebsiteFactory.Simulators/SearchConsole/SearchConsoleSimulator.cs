using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
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
}
