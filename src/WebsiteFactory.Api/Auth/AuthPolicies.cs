using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace WebsiteFactory.Api.Auth;

/// <summary>Authorization policy names, claim types and the scope hierarchy.</summary>
public static class AuthPolicies
{
    /// <summary>Policy: at least <see cref="ApiScope.Read"/>.</summary>
    public const string Read = "read";

    /// <summary>Policy: at least <see cref="ApiScope.Operate"/>.</summary>
    public const string Operate = "operate";

    /// <summary>Policy: <see cref="ApiScope.Admin"/>.</summary>
    public const string Admin = "admin";

    /// <summary>The claim that carries the granted scopes (one claim per scope, implied ones included).</summary>
    public const string ScopeClaim = "wf_scope";

    /// <summary>The claim that names how the caller signed in (api_key, cookie, oidc).</summary>
    public const string MethodClaim = "wf_auth";

    /// <summary>The policy scheme that picks API key or cookie authentication per request.</summary>
    public const string DefaultScheme = "WebsiteFactory";

    /// <summary>The API key authentication scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The OpenID Connect (Entra ID) challenge scheme, registered when configured.</summary>
    public const string OidcScheme = "oidc";

    /// <summary>Parses a scope name (read, operate, admin; case-insensitive).</summary>
    /// <param name="value">The name.</param>
    /// <param name="scope">The scope.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseScope(string? value, out ApiScope scope)
    {
        scope = ApiScope.Read;
        return value is not null
            && !int.TryParse(value, out _)
            && Enum.TryParse(value, ignoreCase: true, out scope)
            && Enum.IsDefined(scope);
    }

    /// <summary>The wire name of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>read, operate or admin.</returns>
    public static string Name(ApiScope scope) => scope switch
    {
        ApiScope.Read => Read,
        ApiScope.Operate => Operate,
        _ => Admin,
    };

    /// <summary>The claims for a granted scope: the scope and every scope it implies.</summary>
    /// <param name="scope">The granted scope.</param>
    /// <returns>One claim per implied scope.</returns>
    public static IEnumerable<Claim> ScopeClaims(ApiScope scope)
    {
        for (var s = ApiScope.Read; s <= scope; s++)
        {
            yield return new Claim(ScopeClaim, Name(s));
        }
    }

    /// <summary>Adds the policies <see cref="Read"/>, <see cref="Operate"/> and <see cref="Admin"/>: an authenticated caller with that scope's claim.</summary>
    /// <param name="builder">The authorization builder.</param>
    /// <returns>The builder.</returns>
    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireClaim(ScopeClaim, Read))
            .AddPolicy(Operate, p => p.RequireAuthenticatedUser().RequireClaim(ScopeClaim, Operate))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(ScopeClaim, Admin));
    }
}
