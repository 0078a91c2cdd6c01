using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>
/// Ties the dashboard cookie to a server-side session (<see cref="SessionStore"/>): signing in starts a session and
/// puts its id in the cookie; every request with the cookie checks the session is still live (no cache, so ending a
/// session takes effect on the very next request); an API answers 401/403 instead of redirecting.
/// </summary>
public sealed class SessionCookieEvents(SessionStore sessions) : CookieAuthenticationEvents
{
    /// <summary>The session id in a principal, or null.</summary>
    /// <param name="principal">The principal.</param>
    /// <returns>The id.</returns>
    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionStore.SessionIdClaim), out var id) ? id : null;

    /// <inheritdoc/>
    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity && SessionId(context.Principal) is null)
        {
            var userId = context.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Principal.Identity.Name ?? "?";
            var method = context.Principal.FindFirstValue(AuthPolicies.MethodClaim) ?? "cookie";
            var id = await sessions.CreateAsync(userId, method, context.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(SessionStore.SessionIdClaim, id.ToString()));
        }

        await base.SigningIn(context);
    }

    /// <inheritdoc/>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        // Cookies without a session id (issued before sessions existed) or whose session ended are refused and cleared.
        if (context.Principal is null || SessionId(context.Principal) is not { } id || !await sessions.IsActiveAsync(id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        await base.ValidatePrincipal(context);
    }

    /// <inheritdoc/>
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
