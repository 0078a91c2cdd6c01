using System.Net;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>/api/registrar-accounts</c>: Namecheap and Spaceship accounts.</summary>
public static partial class AccountsApi
{
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

    /// <summary><c>GET /api/registrar-accounts</c>: every registrar account.</summary>
    [ApiRoute("GET", "/api/registrar-accounts", ApiScope.Read)]
    public static async Task<IResult> ListRegistrarAsync(IRegistrarAccountRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(RegistrarDto.From).ToList());

    /// <summary><c>GET /api/registrar-accounts/{id}</c>: one registrar account.</summary>
    [ApiRoute("GET", "/api/registrar-accounts/{id:guid}", ApiScope.Read)]
    public static async Task<IResult> GetRegistrarAsync(Guid id, IRegistrarAccountRepository r, CancellationToken ct) =>
        await r.GetAsync(id, ct) is { } a ? TypedResults.Ok(RegistrarDto.From(a)) : ApiProblems.NotFound($"No registrar account has id '{id}'.");

    /// <summary><c>POST /api/registrar-accounts</c>: adds a registrar account; its secrets go to the secret store (201).</summary>
    [ApiRoute("POST", "/api/registrar-accounts", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> CreateRegistrarAsync(HttpContext c, IRegistrarAccountRepository r, ISecretStore s) => SaveRegistrarAsync(c, null, r, s);

    /// <summary><c>PUT /api/registrar-accounts/{id}</c>: replaces a registrar account; secrets given are rotated.</summary>
    [ApiRoute("PUT", "/api/registrar-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> UpdateRegistrarAsync(HttpContext c, Guid id, IRegistrarAccountRepository r, ISecretStore s) => SaveRegistrarAsync(c, id, r, s);

    /// <summary><c>DELETE /api/registrar-accounts/{id}</c>: deletes a registrar account and its secrets (204).</summary>
    [ApiRoute("DELETE", "/api/registrar-accounts/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> DeleteRegistrarAsync(Guid id, IRegistrarAccountRepository r, ISecretStore s, CancellationToken ct)
    {
        if (await r.GetAsync(id, ct) is not { } a || !await r.DeleteAsync(id, ct))
        {
            return ApiProblems.NotFound($"No registrar account has id '{id}'.");
        }

        await SecretWrites.DeleteAsync(s, a.ApiKeySecretName, a.ApiSecretSecretName);
        return TypedResults.NoContent();
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
        if (body.ClientIp is not null && !IpAddressText.TryParseIPv4(body.ClientIp, out clientIp))
        {
            errors.Add(new FieldError("client_ip", "Client IP must be a dotted-quad IPv4 address (four numbers 0-255 without leading zeros)."));
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
}
