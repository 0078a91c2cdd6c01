using Microsoft.AspNetCore.Authentication.Cookies;

namespace WebsiteFactory.Server.Auth;

/// <summary>
/// Cross-site request forgery defence for cookie-authenticated writes: a POST/PUT/PATCH/DELETE signed in with the
/// dashboard cookie must carry the header <see cref="HeaderName"/>.
/// </summary>
/// <remarks>
/// Two layers, chosen over antiforgery tokens because the dashboard is a same-origin SPA that talks JSON: (1) the cookie is
/// <c>SameSite=Strict</c>, so browsers do not attach it to requests started from another site; (2) a custom request
/// header cannot be set by a cross-site HTML form, and a cross-origin <c>fetch</c> with it needs a CORS preflight that
/// this server never approves (no CORS policy is registered). This is OWASP's "custom request header" defence; it needs
/// no token round trip. Requests authenticated with an API key are not affected (browsers never send those on their own).
/// </remarks>
public sealed class CookieWriteGuard(RequestDelegate next)
{
    /// <summary>The header the dashboard sends on every write (any non-empty value).</summary>
    public const string HeaderName = "X-WF-Request";

    /// <summary>Runs the check.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && string.IsNullOrEmpty(context.Request.Headers[HeaderName]))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Missing request header",
                detail: $"Cookie-authenticated writes must send the '{HeaderName}' header (cross-site request forgery protection).").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
