using System.Text.RegularExpressions;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A Cloudflare account the factory creates zones in (<c>cloudflare_accounts</c>). The API token lives in the secret store;
/// this record holds only its <see cref="ApiTokenSecretName">name</see>.
/// </summary>
public sealed partial record CloudflareAccount
{
    /// <summary>Primary key; <see cref="Guid.Empty"/> on create lets the store assign one.</summary>
    public Guid Id { get; init; }

    /// <summary>Login email of the account (unique).</summary>
    public required string Email { get; init; }

    /// <summary>Short operator-facing name (unique), e.g. <c>cf-07</c>.</summary>
    public required string AccountNickname { get; init; }

    /// <summary>Cloudflare's account id (32 lower-case hex characters), used when creating zones.</summary>
    public required string CloudflareAccountId { get; init; }

    /// <summary>Name of the secret holding the API token (Zone:Edit, DNS:Edit).</summary>
    public required SecretName ApiTokenSecretName { get; init; }

    /// <summary>Creation time (UTC), set by the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Checks every field; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        EntityRules.Email(errors, "email", Email);
        EntityRules.Nickname(errors, "account_nickname", AccountNickname);
        if (CloudflareAccountId is null || !AccountIdRegex().IsMatch(CloudflareAccountId))
        {
            errors.Add(new FieldError("cloudflare_account_id", "Cloudflare account id must be 32 lower-case hexadecimal characters."));
        }

        EntityRules.Required(errors, "api_token_secret_name", ApiTokenSecretName, "API token secret name");
        return errors;
    }

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdRegex();
}
