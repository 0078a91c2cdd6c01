namespace WebsiteFactory.Api.Auth;

/// <summary>An API key as stored: never the key itself, only its display prefix.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">A unique label (e.g. "ci", "wf-cli").</param>
/// <param name="KeyPrefix">The first characters of the key, for recognising it.</param>
/// <param name="Scope">What the key may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUsedAt">When it last authenticated a request (updated at most once a minute).</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKeyInfo(
    Guid Id,
    string Name,
    string KeyPrefix,
    ApiScope Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);
