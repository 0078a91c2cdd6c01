using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>OAuth token endpoint (refresh-token grant) and bearer-token check.</summary>
public sealed partial class SearchConsoleSimulator
{
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
}
