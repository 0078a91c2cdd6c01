using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;


/// <summary>
/// <c>/api/cloudflare-accounts</c>, <c>/api/registrar-accounts</c>, <c>/api/gsc-accounts</c>: CRUD. Secret values in
/// requests go to the secret store under generated names; only the names are stored and returned, never the values.
/// Reads need <c>read</c>; writes need <c>admin</c>.
/// </summary>
public static partial class AccountsApi
{
    /// <summary>Cloudflare account request.</summary>
    /// <param name="Email">The account email.</param>
    /// <param name="AccountNickname">A unique nickname.</param>
    /// <param name="CloudflareAccountId">Cloudflare's 32-hex account id.</param>
    /// <param name="ApiToken">The API token (required on create; on update, given to rotate).</param>
    public sealed record CloudflareRequest(string? Email, string? AccountNickname, string? CloudflareAccountId, string? ApiToken);

    /// <summary>Cloudflare account response.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Email">The email.</param>
    /// <param name="AccountNickname">The nickname.</param>
    /// <param name="CloudflareAccountId">Cloudflare's account id.</param>
    /// <param name="ApiTokenSecretName">Where the token is stored.</param>
    /// <param name="CreatedAt">When it was added.</param>
    public sealed record CloudflareDto(Guid Id, string Email, string AccountNickname, string CloudflareAccountId, string ApiTokenSecretName, DateTimeOffset CreatedAt)
    {
        internal static CloudflareDto From(CloudflareAccount a) => new(a.Id, a.Email, a.AccountNickname, a.CloudflareAccountId, a.ApiTokenSecretName.Value, a.CreatedAt);
    }

    /// <summary><c>GET /api/cloudflare-accounts</c>: every Cloudflare account.</summary>
    [ApiRoute("GET", "/api/cloudflare-accounts", ApiScope.Read)]
    public static async Task<IResult> ListCloudflareAsync(ICloudflareAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(CloudflareDto.From).ToList());

    /// <summary><c>GET /api/cloudflare-accounts/{id}</c>: one Cloudflare account.</summary>
    [ApiRoute("GET", "/api/cloudflare-accounts/{id:guid}", ApiScope.Read)]
    public static async Task<IResult> GetCloudflareAsync(Guid id, ICloudflareAccountRepository r, CancellationToken ct) =>
        await r.GetAsync(id, ct) is { } a ? TypedResults.Ok(CloudflareDto.From(a)) : ApiProblems.NotFound($"No Cloudflare account has id '{id}'.");

    /// <summary><c>POST /api/cloudflare-accounts</c>: adds a Cloudflare account; its secrets go to the secret store (201).</summary>
    [ApiRoute("POST", "/api/cloudflare-accounts", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> CreateCloudflareAsync(HttpContext c, ICloudflareAccountRepository r, ISecretStore s) => SaveCloudflareAsync(c, null, r, s);

    /// <summary><c>PUT /api/cloudflare-accounts/{id}</c>: replaces a Cloudflare account; secrets given are rotated.</summary>
    [ApiRoute("PUT", "/api/cloudflare-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> UpdateCloudflareAsync(HttpContext c, Guid id, ICloudflareAccountRepository r, ISecretStore s) => SaveCloudflareAsync(c, id, r, s);

    /// <summary><c>DELETE /api/cloudflare-accounts/{id}</c>: deletes a Cloudflare account and its secrets (204).</summary>
    [ApiRoute("DELETE", "/api/cloudflare-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> DeleteCloudflareAsync(Guid id, ICloudflareAccountRepository r, ISecretStore s, CancellationToken ct)
    {
        if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
        {
            return ApiProblems.NotFound($"No Cloudflare account has id '{id}'.");
        }

        await SecretWrites.DeleteAsync(s, a.ApiTokenSecretName);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SaveCloudflareAsync(HttpContext c, Guid? id, ICloudflareAccountRepository repo, ISecretStore secrets)
    {
        var (body, problem) = await ApiBody.ReadAsync<CloudflareRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var existing = id is { } existingId ? await repo.GetAsync(existingId, c.RequestAborted) : null;
        if (id is not null && existing is null)
        {
            return ApiProblems.NotFound($"No Cloudflare account has id '{id}'.");
        }

        var accountId = existing?.Id ?? Guid.CreateVersion7();
        var account = new CloudflareAccount
        {
            Id = accountId,
            Email = body!.Email!,
            AccountNickname = body.AccountNickname!,
            CloudflareAccountId = body.CloudflareAccountId!,
            ApiTokenSecretName = existing?.ApiTokenSecretName ?? SecretWrites.Name("cloudflare", accountId, "api-token"),
            CreatedAt = existing?.CreatedAt ?? default,
        };
        var errors = account.Validate().ToList();
        SecretWrites.Check(errors, "api_token", body.ApiToken, required: existing is null);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await SecretWrites.WriteAsync(
            secrets,
            [(account.ApiTokenSecretName, body.ApiToken)],
            existing is null,
            () => existing is null ? repo.CreateAsync(account, c.RequestAborted) : repo.UpdateAsync(account, c.RequestAborted),
            c.RequestAborted);
        return existing is null ? TypedResults.Created($"/api/cloudflare-accounts/{saved.Id}", CloudflareDto.From(saved)) : TypedResults.Ok(CloudflareDto.From(saved));
    }
}
