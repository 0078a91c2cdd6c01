using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>Site Verification API v1: DNS_TXT token and webResource insert (with propagation delay).</summary>
public sealed partial class SearchConsoleSimulator
{
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

    private List<string> DefaultLookup(string name) =>
        _txt.TryGetValue(name, out var values) ? values.ToList() : [];

    private static string TokenFor(string user, string domain)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{user}|{domain.ToLowerInvariant()}"));
        return "google-site-verification=" + Convert.ToBase64String(h).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
