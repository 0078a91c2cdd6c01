using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Server.Api;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Server.Problems;

namespace WebsiteFactory.Server.Auth;

/// <summary>Sign-in routes (<c>/api/auth/…</c>) and API key management (<c>/api/api-keys</c>).</summary>
public static class AuthEndpoints
{
    /// <summary>A sign-in request.</summary>
    /// <param name="UserName">The user name.</param>
    /// <param name="Password">The password.</param>
    public sealed record LoginRequest(string? UserName, string? Password);

    /// <summary>Who is signed in.</summary>
    /// <param name="Name">The display name.</param>
    /// <param name="Method">api_key, cookie or oidc.</param>
    /// <param name="Scopes">The granted scopes.</param>
    public sealed record Me(string Name, string Method, IReadOnlyList<string> Scopes);

    /// <summary>Which sign-in methods are available.</summary>
    /// <param name="Local">Local user name and password.</param>
    /// <param name="Oidc">OpenID Connect (Entra ID); start at <c>/api/auth/oidc/login</c>.</param>
    public sealed record Providers(bool Local, bool Oidc);

    /// <summary>A request to create an API key.</summary>
    /// <param name="Name">A unique label.</param>
    /// <param name="Scope">read, operate or admin.</param>
    /// <param name="ExpiresAt">Optional expiry.</param>
    public sealed record CreateKeyRequest(string? Name, string? Scope, DateTimeOffset? ExpiresAt);

    /// <summary>A created key: the only time the key is returned.</summary>
    /// <param name="Key">The key (store it now).</param>
    /// <param name="Info">The stored record.</param>
    public sealed record CreatedKey(string Key, ApiKeyInfo Info);

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
        auth.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(
            user.Identity?.Name ?? "?",
            user.FindFirst(AuthPolicies.MethodClaim)?.Value ?? "cookie",
            user.FindAll(AuthPolicies.ScopeClaim).Select(c => c.Value).ToList()))).RequireAuthorization(AuthPolicies.Read);
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

        var keys = app.MapGroup("/api/api-keys").WithTags("Auth").RequireAuthorization(AuthPolicies.Admin);
        keys.MapGet("/", async (ApiKeyStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        keys.MapPost("/", CreateKeyAsync).RequireRateLimiting(RateLimits.Write);
        keys.MapDelete("/{id:guid}", async (Guid id, ApiKeyStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, ct) ? (IResult)TypedResults.NoContent() : ApiProblems.NotFound($"No active API key has id '{id}'."))
            .RequireRateLimiting(RateLimits.Write);
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
        return TypedResults.Ok(new Me(user.UserName, "cookie", AuthPolicies.ScopeClaims(user.Role).Select(c => c.Value).ToList()));
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext ctx, ApiKeyStore store)
    {
        var (body, problem) = await ApiBody.ReadAsync<CreateKeyRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body!.Name) || body.Name.Length > 100 || body.Name.Any(char.IsControl))
        {
            errors.Add(new FieldError("name", "Name is required: 1-100 printable characters."));
        }

        if (!AuthPolicies.TryParseScope(body.Scope, out var scope))
        {
            errors.Add(new FieldError("scope", "Scope must be read, operate or admin."));
        }

        if (body.ExpiresAt is { } exp && exp <= DateTimeOffset.UtcNow)
        {
            errors.Add(new FieldError("expires_at", "Expiry must be in the future."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var (info, key) = await store.CreateAsync(body.Name!.Trim(), scope, body.ExpiresAt, ctx.RequestAborted);
        return TypedResults.Created($"/api/api-keys/{info.Id}", new CreatedKey(key, info));
    }
}
