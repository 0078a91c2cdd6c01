namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A Cloudflare account as the adapters need it: who we are and where the API token lives.</summary>
/// <param name="Id">Our primary key (<c>cloudflare_accounts.id</c>); also the key of the account's shared rate budget.</param>
/// <param name="TokenSecretName">Name of the API token in the secret store (never the value).</param>
/// <param name="ExternalAccountId">
/// Cloudflare's own 32-hex account id, when known. When null the adapter asks <c>GET /accounts</c> and uses the only
/// account the token can see.
/// </param>
public sealed record CloudflareAccount(Guid Id, string TokenSecretName, string? ExternalAccountId = null);
