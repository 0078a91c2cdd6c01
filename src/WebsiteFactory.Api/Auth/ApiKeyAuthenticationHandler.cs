using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WebsiteFactory.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer wf_…</c> or <c>X-Api-Key: wf_…</c> (and, on the Durable Functions webhook
/// routes only, the <c>code=</c> query parameter that Durable Functions clients send).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The header carrying a key without the Bearer scheme.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>Extracts a presented key from a request, or null when none is present.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The presented value.</returns>
    public static string? PresentedKey(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return auth["Bearer ".Length..].Trim();
        }

        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0)
        {
            return header.ToString().Trim();
        }

        if (request.Path.StartsWithSegments("/runtime/webhooks/durabletask", StringComparison.OrdinalIgnoreCase)
            && request.Query.TryGetValue("code", out var code) && code.Count > 0)
        {
            return code.ToString();
        }

        return null;
    }

    /// <inheritdoc/>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.LooksValid(presented))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        var key = await keys.FindActiveAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, "key:" + key.Name),
            new(AuthPolicies.MethodClaim, "api_key"),
        };
        claims.AddRange(AuthPolicies.ScopeClaims(key.Scope));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
