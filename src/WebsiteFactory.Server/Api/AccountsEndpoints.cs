using System.Net;
using System.Text.Json.Serialization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Server.Problems;

namespace WebsiteFactory.Server.Api;

/// <summary>
/// <c>/api/cloudflare-accounts</c>, <c>/api/registrar-accounts</c>, <c>/api/gsc-accounts</c>: CRUD. Secret values in
/// requests go to the secret store under generated names; only the names are stored and returned, never the values.
/// Reads need <c>read</c>; writes need <c>admin</c>.
/// </summary>
public static class AccountsEndpoints
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

    /// <summary>Registrar account request.</summary>
    /// <param name="Provider">namecheap or spaceship.</param>
    /// <param name="AccountNickname">A unique nickname.</param>
    /// <param name="ApiUser">Namecheap API user.</param>
    /// <param name="ClientIp">Namecheap whitelisted client IPv4.</param>
    /// <param name="ApiKey">The API key (required on create).</param>
    /// <param name="ApiSecret">The Spaceship API secret (required on create for Spaceship).</param>
    public sealed record RegistrarRequest(string? Provider, string? AccountNickname, string? ApiUser, string? ClientIp, string? ApiKey, string? ApiSecret);

    /// <summary>Registrar account response.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Provider">The registrar.</param>
    /// <param name="AccountNickname">The nickname.</param>
    /// <param name="ApiUser">The API user.</param>
    /// <param name="ClientIp">The client IP.</param>
    /// <param name="ApiKeySecretName">Where the key is stored.</param>
    /// <param name="ApiSecretSecretName">Where the secret is stored.</param>
    /// <param name="CreatedAt">When it was added.</param>
    public sealed record RegistrarDto(Guid Id, RegistrarProvider Provider, string AccountNickname, string? ApiUser, string? ClientIp, string ApiKeySecretName, string? ApiSecretSecretName, DateTimeOffset CreatedAt)
    {
        internal static RegistrarDto From(RegistrarAccount a) => new(a.Id, a.Provider, a.AccountNickname, a.ApiUser, a.ClientIp?.ToString(), a.ApiKeySecretName.Value, a.ApiSecretSecretName?.Value, a.CreatedAt);
    }

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

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        var cf = app.MapGroup("/api/cloudflare-accounts").WithTags("Accounts");
        cf.MapGet("/", async (ICloudflareAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(CloudflareDto.From).ToList())).RequireAuthorization(AuthPolicies.Read);
        cf.MapGet("/{id:guid}", async (Guid id, ICloudflareAccountRepository r, CancellationToken ct) =>
            await r.GetAsync(id, ct) is { } a ? (IResult)TypedResults.Ok(CloudflareDto.From(a)) : ApiProblems.NotFound($"No Cloudflare account has id '{id}'.")).RequireAuthorization(AuthPolicies.Read);
        cf.MapPost("/", (HttpContext c, ICloudflareAccountRepository r, ISecretStore s) => SaveCloudflareAsync(c, null, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        cf.MapPut("/{id:guid}", (HttpContext c, Guid id, ICloudflareAccountRepository r, ISecretStore s) => SaveCloudflareAsync(c, id, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        cf.MapDelete("/{id:guid}", async (Guid id, ICloudflareAccountRepository r, ISecretStore s, CancellationToken ct) =>
        {
            if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
            {
                return (IResult)ApiProblems.NotFound($"No Cloudflare account has id '{id}'.");
            }

            await SecretWrites.DeleteAsync(s, a.ApiTokenSecretName);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);

        var reg = app.MapGroup("/api/registrar-accounts").WithTags("Accounts");
        reg.MapGet("/", async (IRegistrarAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(RegistrarDto.From).ToList())).RequireAuthorization(AuthPolicies.Read);
        reg.MapGet("/{id:guid}", async (Guid id, IRegistrarAccountRepository r, CancellationToken ct) =>
            await r.GetAsync(id, ct) is { } a ? (IResult)TypedResults.Ok(RegistrarDto.From(a)) : ApiProblems.NotFound($"No registrar account has id '{id}'.")).RequireAuthorization(AuthPolicies.Read);
        reg.MapPost("/", (HttpContext c, IRegistrarAccountRepository r, ISecretStore s) => SaveRegistrarAsync(c, null, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        reg.MapPut("/{id:guid}", (HttpContext c, Guid id, IRegistrarAccountRepository r, ISecretStore s) => SaveRegistrarAsync(c, id, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        reg.MapDelete("/{id:guid}", async (Guid id, IRegistrarAccountRepository r, ISecretStore s, CancellationToken ct) =>
        {
            if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
            {
                return (IResult)ApiProblems.NotFound($"No registrar account has id '{id}'.");
            }

            await SecretWrites.DeleteAsync(s, a.ApiKeySecretName, a.ApiSecretSecretName);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);

        var gsc = app.MapGroup("/api/gsc-accounts").WithTags("Accounts");
        gsc.MapGet("/", async (IGscAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(GscDto.From).ToList())).RequireAuthorization(AuthPolicies.Read);
        gsc.MapGet("/{id:guid}", async (Guid id, IGscAccountRepository r, CancellationToken ct) =>
            await r.GetAsync(id, ct) is { } a ? (IResult)TypedResults.Ok(GscDto.From(a)) : ApiProblems.NotFound($"No Search Console account has id '{id}'.")).RequireAuthorization(AuthPolicies.Read);
        gsc.MapPost("/", (HttpContext c, IGscAccountRepository r, ISecretStore s) => SaveGscAsync(c, null, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        gsc.MapPut("/{id:guid}", (HttpContext c, Guid id, IGscAccountRepository r, ISecretStore s) => SaveGscAsync(c, id, r, s)).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        gsc.MapDelete("/{id:guid}", async (Guid id, IGscAccountRepository r, ISecretStore s, CancellationToken ct) =>
        {
            if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
            {
                return (IResult)ApiProblems.NotFound($"No Search Console account has id '{id}'.");
            }

            await SecretWrites.DeleteAsync(s, a.CredentialsSecretName, a.OAuthClientSecretName);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        return app;
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

    private static async Task<IResult> SaveRegistrarAsync(HttpContext c, Guid? id, IRegistrarAccountRepository repo, ISecretStore secrets)
    {
        var (body, problem) = await ApiBody.ReadAsync<RegistrarRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var existing = id is { } existingId ? await repo.GetAsync(existingId, c.RequestAborted) : null;
        if (id is not null && existing is null)
        {
            return ApiProblems.NotFound($"No registrar account has id '{id}'.");
        }

        var errors = new List<FieldError>();
        if (!QueryValues.TryParseEnum<RegistrarProvider>(body!.Provider, out var provider))
        {
            errors.Add(new FieldError("provider", "Provider must be namecheap or spaceship."));
        }

        IPAddress? clientIp = null;
        if (body.ClientIp is not null && !IPAddress.TryParse(body.ClientIp, out clientIp))
        {
            errors.Add(new FieldError("client_ip", "Client IP must be an IPv4 address."));
        }

        var accountId = existing?.Id ?? Guid.CreateVersion7();
        var account = new RegistrarAccount
        {
            Id = accountId,
            Provider = provider,
            AccountNickname = body.AccountNickname!,
            ApiUser = body.ApiUser,
            ClientIp = clientIp,
            ApiKeySecretName = existing?.ApiKeySecretName ?? SecretWrites.Name("registrar", accountId, "api-key"),
            ApiSecretSecretName = provider == RegistrarProvider.Spaceship ? existing?.ApiSecretSecretName ?? SecretWrites.Name("registrar", accountId, "api-secret") : null,
            CreatedAt = existing?.CreatedAt ?? default,
        };
        if (errors.Count == 0)
        {
            errors.AddRange(account.Validate());
        }

        SecretWrites.Check(errors, "api_key", body.ApiKey, required: existing is null);
        SecretWrites.Check(errors, "api_secret", body.ApiSecret, required: provider == RegistrarProvider.Spaceship && existing?.ApiSecretSecretName is null);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await SecretWrites.WriteAsync(
            secrets,
            [(account.ApiKeySecretName, body.ApiKey), .. account.ApiSecretSecretName is { } s ? new[] { (s, body.ApiSecret) } : []],
            existing is null,
            () => existing is null ? repo.CreateAsync(account, c.RequestAborted) : repo.UpdateAsync(account, c.RequestAborted),
            c.RequestAborted);
        return existing is null ? TypedResults.Created($"/api/registrar-accounts/{saved.Id}", RegistrarDto.From(saved)) : TypedResults.Ok(RegistrarDto.From(saved));
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
