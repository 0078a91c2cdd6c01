namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A registrar account as the adapters need it. Holds secret names only.</summary>
/// <param name="Id">Our primary key (<c>registrar_accounts.id</c>); also the key of the account's shared rate budget.</param>
/// <param name="Provider">Which registrar.</param>
/// <param name="ApiUser">Namecheap <c>ApiUser</c>/<c>UserName</c>; for Spaceship a label only.</param>
/// <param name="ApiKeySecretName">Secret name of the API key.</param>
/// <param name="ApiSecretSecretName">Secret name of the API secret (Spaceship's <c>X-API-Secret</c>); null for Namecheap.</param>
public sealed record RegistrarAccount(Guid Id, RegistrarProvider Provider, string ApiUser, string ApiKeySecretName, string? ApiSecretSecretName = null);
