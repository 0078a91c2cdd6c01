using System.Text.Json.Serialization;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>/api/gsc-accounts</c>: Search Console accounts.</summary>
public static partial class AccountsApi
{
    /// <summary>Search Console account request.</summary>
    /// <param name="Email">The Google account email.</param>
    /// <param name="AccountNickname">A unique nickname.</param>
    /// <param name="OAuthClientId">The OAuth client id.</param>
    /// <param name="OAuthClientSecret">The OAuth client secret.</param>
    /// <param name="Credentials">The credentials (service-account JSON or refresh token; required on create).</param>
    public sealed record GscRequest(
        string? Email,
        string? AccountNickname,
        [property: JsonPropertyName("oauth_client_id")] string? OAuthClientId,
        [property: JsonPropertyName("oauth_client_secret")] string? OAuthClientSecret,
        string? Credentials);

    /// <summary>Search Console account response.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Email">The email.</param>
    /// <param name="AccountNickname">The nickname.</param>
    /// <param name="OAuthClientId">The OAuth client id.</param>
    /// <param name="OAuthClientSecretName">Where the client secret is stored.</param>
    /// <param name="CredentialsSecretName">Where the credentials are stored.</param>
    /// <param name="CreatedAt">When it was added.</param>
    public sealed record GscDto(
        Guid Id,
        string Email,
        string AccountNickname,
        [property: JsonPropertyName("oauth_client_id")] string? OAuthClientId,
        [property: JsonPropertyName("oauth_client_secret_name")] string? OAuthClientSecretName,
        string CredentialsSecretName,
        DateTimeOffset CreatedAt)
    {
        internal static GscDto From(GscAccount a) => new(a.Id, a.Email, a.AccountNickname, a.OAuthClientId, a.OAuthClientSecretName?.Value, a.CredentialsSecretName.Value, a.CreatedAt);
    }


    /// <summary><c>GET /api/gsc-accounts</c>: every Search Console account.</summary>
    [ApiRoute("GET", "/api/gsc-accounts", ApiScope.Read)]
    public static async Task<IResult> ListGscAsync(IGscAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(GscDto.From).ToList());

    /// <summary><c>GET /api/gsc-accounts/{id}</c>: one Search Console account.</summary>
    [ApiRoute("GET", "/api/gsc-accounts/{id:guid}", ApiScope.Read)]
    public static async Task<IResult> GetGscAsync(Guid id, IGscAccountRepository r, CancellationToken ct) =>
        await r.GetAsync(id, ct) is { } a ? TypedResults.Ok(GscDto.From(a)) : ApiProblems.NotFound($"No Search Console account has id '{id}'.");

    /// <summary><c>POST /api/gsc-accounts</c>: adds a Search Console account; its secrets go to the secret store (201).</summary>
    [ApiRoute("POST", "/api/gsc-accounts", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> CreateGscAsync(HttpContext c, IGscAccountRepository r, ISecretStore s) => SaveGscAsync(c, null, r, s);

    /// <summary><c>PUT /api/gsc-accounts/{id}</c>: replaces a Search Console account; secrets given are rotated.</summary>
    [ApiRoute("PUT", "/api/gsc-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> UpdateGscAsync(HttpContext c, Guid id, IGscAccountRepository r, ISecretStore s) => SaveGscAsync(c, id, r, s);

    /// <summary><c>DELETE /api/gsc-accounts/{id}</c>: deletes a Search Console account and its secrets (204).</summary>
    [ApiRoute("DELETE", "/api/gsc-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> DeleteGscAsync(Guid id, IGscAccountRepository r, ISecretStore s, CancellationToken ct)
    {
        if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
        {
            return ApiProblems.NotFound($"No Search Console account has id '{id}'.");
        }

        await SecretWrites.DeleteAsync(s, a.CredentialsSecretName, a.OAuthClientSecretName);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SaveGscAsync(HttpContext c, Guid? id, IGscAccountRepository repo, ISecretStore secrets)
    {
        var (body, problem) = await ApiBody.ReadAsync<GscRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var existing = id is { } existingId ? await repo.GetAsync(existingId, c.RequestAborted) : null;
        if (id is not null && existing is null)
        {
            return ApiProblems.NotFound($"No Search Console account has id '{id}'.");
        }

        var accountId = existing?.Id ?? Guid.CreateVersion7();
        var account = new GscAccount
        {
            Id = accountId,
            Email = body!.Email!,
            AccountNickname = body.AccountNickname!,
            OAuthClientId = body.OAuthClientId,
            OAuthClientSecretName = existing?.OAuthClientSecretName ?? (body.OAuthClientSecret is null ? null : SecretWrites.Name("gsc", accountId, "oauth-client-secret")),
            CredentialsSecretName = existing?.CredentialsSecretName ?? SecretWrites.Name("gsc", accountId, "credentials"),
            CreatedAt = existing?.CreatedAt ?? default,
        };
        var errors = account.Validate().ToList();
        SecretWrites.Check(errors, "credentials", body.Credentials, required: existing is null);
        SecretWrites.Check(errors, "oauth_client_secret", body.OAuthClientSecret, required: false);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await SecretWrites.WriteAsync(
            secrets,
            [(account.CredentialsSecretName, body.Credentials), .. account.OAuthClientSecretName is { } s ? new[] { (s, body.OAuthClientSecret) } : []],
            existing is null,
            () => existing is null ? repo.CreateAsync(account, c.RequestAborted) : repo.UpdateAsync(account, c.RequestAborted),
            c.RequestAborted);
        return existing is null ? TypedResults.Created($"/api/gsc-accounts/{saved.Id}", GscDto.From(saved)) : TypedResults.Ok(GscDto.From(saved));
    }
}
