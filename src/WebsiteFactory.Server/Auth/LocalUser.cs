using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>A local dashboard user (the embedded default; Entra ID replaces it on Azure).</summary>
/// <param name="Id">The user id.</param>
/// <param name="UserName">The sign-in name.</param>
/// <param name="PasswordHash">The <see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/> hash (PBKDF2).</param>
/// <param name="Role">The granted scope.</param>
/// <param name="Disabled">Whether sign-in is refused.</param>
public sealed record LocalUser(Guid Id, string UserName, string PasswordHash, ApiScope Role, bool Disabled);
