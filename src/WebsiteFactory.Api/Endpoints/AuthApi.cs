using System.Security.Claims;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// Who is calling (<c>GET /api/auth/me</c>) and API key management (<c>/api/api-keys</c>). Signing in is host-specific
/// and not in this table: the local server's cookie/OIDC routes, App Service authentication on Azure.
/// </summary>
public static class AuthApi
{
    /// <summary>Who is signed in.</summary>
    /// <param name="Name">The display name.</param>
    /// <param name="Method">api_key, cookie, oidc or app_service.</param>
    /// <param name="Scopes">The granted scopes.</param>
    public sealed record Me(string Name, string Method, IReadOnlyList<string> Scopes);

    /// <summary>A request to create an API key.</summary>
    /// <param name="Name">A unique label.</param>
    /// <param name="Scope">read, operate or admin.</param>
    /// <param name="ExpiresAt">Optional expiry.</param>
    public sealed record CreateKeyRequest(string? Name, string? Scope, DateTimeOffset? ExpiresAt);

    /// <summary>A created key: the only time the key is returned.</summary>
    /// <param name="Key">The key (store it now).</param>
    /// <param name="Info">The stored record.</param>
    public sealed record CreatedKey(string Key, ApiKeyInfo Info);

    /// <summary><c>GET /api/auth/me</c>: the caller's name, how it signed in and its scopes.</summary>
    [ApiRoute("GET", "/api/auth/me", ApiScope.Read)]
    public static IResult MeAsync(ClaimsPrincipal user) => TypedResults.Ok(new Me(
        user.Identity?.Name ?? "?",
        user.FindFirst(AuthPolicies.MethodClaim)?.Value ?? "cookie",
        [.. user.FindAll(AuthPolicies.ScopeClaim).Select(c => c.Value)]));

    /// <summary><c>GET /api/api-keys</c>: every key (never the key values), newest first.</summary>
    [ApiRoute("GET", "/api/api-keys", ApiScope.Admin)]
    public static async Task<IResult> ListKeysAsync(ApiKeyStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct));

    /// <summary><c>POST /api/api-keys</c>: creates a key and returns it once (201).</summary>
    [ApiRoute("POST", "/api/api-keys", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> CreateKeyAsync(HttpContext ctx, ApiKeyStore store)
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

    /// <summary><c>DELETE /api/api-keys/{id}</c>: revokes a key (kept for the audit trail; 204).</summary>
    [ApiRoute("DELETE", "/api/api-keys/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> RevokeKeyAsync(Guid id, ApiKeyStore store, CancellationToken ct) =>
        await store.RevokeAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No active API key has id '{id}'.");
}
