using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A registrar account that holds domains (<c>registrar_accounts</c>). Credentials live in the secret store by name.
/// </summary>
/// <remarks>
/// Namecheap needs <see cref="ApiUser"/>, the API key (<see cref="ApiKeySecretName"/>) and the whitelisted IPv4
/// <see cref="ClientIp"/> the calls come from. Spaceship needs the API key and the API secret
/// (<see cref="ApiSecretSecretName"/>).
/// </remarks>
public sealed partial record RegistrarAccount
{
    /// <summary>Primary key; <see cref="Guid.Empty"/> on create lets the store assign one.</summary>
    public Guid Id { get; init; }

    /// <summary>Which registrar.</summary>
    public required RegistrarProvider Provider { get; init; }

    /// <summary>Short operator-facing name (unique).</summary>
    public required string AccountNickname { get; init; }

    /// <summary>Namecheap <c>ApiUser</c> (also used as <c>UserName</c>); optional for Spaceship.</summary>
    public string? ApiUser { get; init; }

    /// <summary>Name of the secret holding the API key.</summary>
    public required SecretName ApiKeySecretName { get; init; }

    /// <summary>Spaceship: name of the secret holding the API secret.</summary>
    public SecretName? ApiSecretSecretName { get; init; }

    /// <summary>Namecheap: the whitelisted IPv4 address the API calls come from (<c>ClientIp</c>).</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>Creation time (UTC), set by the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Checks every field; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(Provider))
        {
            errors.Add(new FieldError("provider", "Provider must be namecheap or spaceship."));
        }

        EntityRules.Nickname(errors, "account_nickname", AccountNickname);
        EntityRules.Required(errors, "api_key_secret_name", ApiKeySecretName, "API key secret name");
        if (ApiUser is not null && !ApiUserRegex().IsMatch(ApiUser))
        {
            errors.Add(new FieldError("api_user", "API user must be 1-20 letters, digits, '_', '-' or '.'."));
        }

        if (Provider == RegistrarProvider.Namecheap)
        {
            EntityRules.Required(errors, "api_user", ApiUser, "Namecheap API user");
            if (ClientIp is null)
            {
                errors.Add(new FieldError("client_ip", "Namecheap client IP (the whitelisted IPv4 address) is required."));
            }
            else if (ClientIp.AddressFamily != AddressFamily.InterNetwork)
            {
                errors.Add(new FieldError("client_ip", "Namecheap client IP must be an IPv4 address."));
            }
        }
        else if (Provider == RegistrarProvider.Spaceship)
        {
            EntityRules.Required(errors, "api_secret_secret_name", ApiSecretSecretName, "Spaceship API secret name");
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiUserRegex();
}
