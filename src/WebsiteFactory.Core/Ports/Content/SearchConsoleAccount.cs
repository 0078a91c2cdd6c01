namespace WebsiteFactory.Core.Ports.Content;

/// <summary>A Google account (OAuth client + refresh token) used for Site Verification and Search Console.</summary>
/// <param name="Id">Our primary key (<c>gsc_accounts.id</c>); also the key of its shared QPS budget.</param>
/// <param name="ClientId">OAuth client id (not secret).</param>
/// <param name="ClientSecretName">Secret name of the OAuth client secret.</param>
/// <param name="RefreshTokenSecretName">Secret name of the OAuth refresh token.</param>
public sealed record SearchConsoleAccount(Guid Id, string ClientId, string ClientSecretName, string RefreshTokenSecretName);
