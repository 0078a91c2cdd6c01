namespace WebsiteFactory.Core.Domain;

/// <summary>Registrar a <see cref="RegistrarAccount"/> belongs to (<c>registrar_accounts.provider</c>: <c>namecheap</c>|<c>spaceship</c>).</summary>
public enum RegistrarProvider
{
    /// <summary>Namecheap XML API (ApiUser, ApiKey, whitelisted ClientIp).</summary>
    Namecheap,
    /// <summary>Spaceship REST API (X-API-Key and X-API-Secret headers).</summary>
    Spaceship,
}
