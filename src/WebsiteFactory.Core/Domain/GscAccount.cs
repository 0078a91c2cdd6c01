namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A Google account used for Search Console verification and analytics (<c>gsc_accounts</c>). Its OAuth credentials live in
/// the secret store by name.
/// </summary>
public sealed record GscAccount
{
    /// <summary>Primary key; <see cref="Guid.Empty"/> on create lets the store assign one.</summary>
    public Guid Id { get; init; }

    /// <summary>Google account email (unique).</summary>
    public required string Email { get; init; }

    /// <summary>Short operator-facing name (unique).</summary>
    public required string AccountNickname { get; init; }

    /// <summary>OAuth client id (not a secret).</summary>
    public string? OAuthClientId { get; init; }

    /// <summary>Name of the secret holding the OAuth client secret.</summary>
    public SecretName? OAuthClientSecretName { get; init; }

    /// <summary>Name of the secret holding the OAuth refresh token (or a service-account JSON key).</summary>
    public required SecretName CredentialsSecretName { get; init; }

    /// <summary>Creation time (UTC), set by the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Checks every field; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        EntityRules.Email(errors, "email", Email);
        EntityRules.Nickname(errors, "account_nickname", AccountNickname);
        EntityRules.Required(errors, "credentials_secret_name", CredentialsSecretName, "Credentials secret name");
        if (OAuthClientId is not null && (OAuthClientId.Length is 0 or > 200 || OAuthClientId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            errors.Add(new FieldError("oauth_client_id", "OAuth client id must be 1-200 characters without spaces."));
        }

        return errors;
    }
}
