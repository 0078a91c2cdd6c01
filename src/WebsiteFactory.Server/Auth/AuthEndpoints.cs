using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Server.Hosting;

namespace WebsiteFactory.Server.Auth;

/// <summary>
/// The local server's sign-in routes (<c>/api/auth/login</c>, <c>logout</c>, <c>password</c>, <c>providers</c>, <c>oidc/login</c>): the
/// dashboard cookie and OpenID Connect. They are not in the shared route table (<c>WebsiteFactory.Api</c>): on Azure,
/// App Service authentication signs users in. <c>GET /api/auth/me</c> and <c>/api/api-keys</c> are in the table.
/// </summary>
public static class AuthEndpoints
{
    /// <summary>A sign-in request.</summary>
    /// <param name="UserName">The user name.</param>
    /// <param name="Password">The password.</param>
    public sealed record LoginRequest(string? UserName, string? Password);

    /// <summary>Which sign-in methods are available.</summary>
    /// <param name="Local">Local user name and password.</param>
    /// <param name="Oidc">OpenID Connect (Entra ID); start at <c>/api/auth/oidc/login</c>.</param>
    public sealed record Providers(bool Local, bool Oidc);

    /// <summary>A password change by the signed-in local user.</summary>
    /// <param name="CurrentPassword">The current password.</param>
    /// <param name="NewPassword">The new password (12 to 1000 characters).</param>
    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Auth);
        auth.MapPost("/logout", LogoutAsync).AllowAnonymous();
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization(AuthPolicies.Read).RequireRateLimiting(RateLimits.Auth);
        auth.MapGet("/providers", (IOptions<OidcOptions> oidc) => TypedResults.Ok(new Providers(true, oidc.Value.Enabled))).AllowAnonymous();
        auth.MapGet("/oidc/login", (string? returnUrl, IOptions<OidcOptions> oidc) =>
        {
            if (!oidc.Value.Enabled)
            {
                return (IResult)ApiProblems.Status(StatusCodes.Status404NotFound, "OIDC not configured", "Set Authentication:Oidc:Authority and Authentication:Oidc:ClientId to enable Entra ID sign-in.");
            }

            // Only local paths, so the sign-in cannot be turned into an open redirect.
            var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal) ? returnUrl : "/";
            return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [AuthPolicies.OidcScheme]);
        }).AllowAnonymous().RequireRateLimiting(RateLimits.Auth);

        return app;
    }

    /// <summary>
    /// <c>POST /api/auth/logout[?everywhere=true]</c>: ends the caller's session (every session of the user with
    /// <c>everywhere=true</c>) on the server, so a saved copy of the cookie stops working, and clears the cookie (204).
    /// </summary>
    private static async Task<IResult> LogoutAsync(HttpContext ctx, SessionStore sessions, bool? everywhere)
    {
        if (ctx.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
        {
            var userId = ctx.User.FindFirstValue(ClaimTypes.NameIdentifier);
            if (everywhere == true && userId is not null)
            {
                await sessions.EndAllAsync(userId, null, ctx.RequestAborted);
            }
            else if (SessionCookieEvents.SessionId(ctx.User) is { } sid)
            {
                await sessions.EndAsync(sid, ctx.RequestAborted);
            }
        }

        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>POST /api/auth/password</c>: a signed-in local user changes their own password; every other session of the
    /// user ends, the caller's stays (204). A wrong current password is a 400 on <c>current_password</c>.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext ctx, AdminPasswords passwords)
    {
        if (ctx.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme
            || ctx.User.FindFirstValue(AuthPolicies.MethodClaim) != "cookie"
            || !Guid.TryParse(ctx.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden, "Not a local user", "Only a user signed in with a local user name and password can change it here.");
        }

        var (body, problem) = await ApiBody.ReadAsync<PasswordChange>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.CurrentPassword) || body.CurrentPassword.Length > 1000)
        {
            return ApiProblems.Validation("current_password", "The current password is required.");
        }

        if (body.NewPassword is not { Length: >= 12 and <= 1000 } || body.NewPassword == body.CurrentPassword)
        {
            return ApiProblems.Validation("new_password", "The new password must have 12 to 1000 characters and differ from the current one.");
        }

        return await passwords.ChangeAsync(userId, body.CurrentPassword, body.NewPassword, SessionCookieEvents.SessionId(ctx.User), ctx.RequestAborted)
            ? TypedResults.NoContent()
            : ApiProblems.Validation("current_password", "The current password is wrong.");
    }

    private static async Task<IResult> LoginAsync(HttpContext ctx, AdminPasswords passwords, SignInBackoff backoff)
    {
        var (body, problem) = await ApiBody.ReadAsync<LoginRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body!.UserName) || body.UserName.Length > 100)
        {
            errors.Add(new FieldError("user_name", "User name is required (at most 100 characters)."));
        }

        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > 1000)
        {
            errors.Add(new FieldError("password", "Password is required."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        // Per-account backoff (any client IP), checked before the password so a paused account gives nothing away;
        // unknown names are counted and paused alike, so the answers do not tell which accounts exist.
        if (await backoff.RetryAfterAsync(body.UserName!, ctx.RequestAborted) is { } wait)
        {
            ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiProblems.Status(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins", "Sign-in for this user name is paused after repeated failures; retry after the time in the Retry-After header.");
        }

        var user = await passwords.VerifyAsync(body.UserName!, body.Password!, ctx.RequestAborted);
        if (user is null)
        {
            await backoff.FailedAsync(body.UserName!, ctx.RequestAborted);
            return ApiProblems.Status(StatusCodes.Status401Unauthorized, "Sign-in failed", "Unknown user name or wrong password.");
        }

        await backoff.SucceededAsync(body.UserName!, ctx.RequestAborted);

        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthenticationSetup.CookiePrincipal(user.UserName, user.Id.ToString(), user.Role, "cookie"));
        return TypedResults.Ok(new AuthApi.Me(user.UserName, "cookie", AuthPolicies.ScopeClaims(user.Role).Select(c => c.Value).ToList()));
    }
}
