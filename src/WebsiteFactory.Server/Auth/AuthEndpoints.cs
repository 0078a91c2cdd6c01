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
/// The local server's sign-in routes (<c>/api/auth/login</c>, <c>logout</c>, <c>providers</c>, <c>oidc/login</c>): the
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

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Auth);
        auth.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).AllowAnonymous();
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

    private static async Task<IResult> LoginAsync(HttpContext ctx, AdminPasswords passwords)
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

        var user = await passwords.VerifyAsync(body.UserName!, body.Password!, ctx.RequestAborted);
        if (user is null)
        {
            return ApiProblems.Status(StatusCodes.Status401Unauthorized, "Sign-in failed", "Unknown user name or wrong password.");
        }

        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthenticationSetup.CookiePrincipal(user.UserName, user.Id.ToString(), user.Role, "cookie"));
        return TypedResults.Ok(new AuthApi.Me(user.UserName, "cookie", AuthPolicies.ScopeClaims(user.Role).Select(c => c.Value).ToList()));
    }
}
