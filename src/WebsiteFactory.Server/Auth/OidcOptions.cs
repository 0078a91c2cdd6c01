using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>OpenID Connect (Entra ID) sign-in for the dashboard, bound from <c>Authentication:Oidc</c>. Off unless <see cref="Authority"/> and <see cref="ClientId"/> are set.</summary>
public sealed class OidcOptions
{
    /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>. Default: none (OIDC off).</summary>
    public string? Authority { get; set; }

    /// <summary>The app registration's client id. Default: none.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (confidential client; keep it in Key Vault or user secrets). Default: none (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The redirect path registered with the identity provider. Default: <c>/signin-oidc</c>.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>The claim holding app roles. Default: <c>roles</c> (Entra ID app roles).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The scope granted to an OIDC user with none of the app roles <c>read</c>, <c>operate</c>, <c>admin</c>. Default: <c>read</c>.</summary>
    public string DefaultScope { get; set; } = AuthPolicies.Read;

    /// <summary>Whether OIDC is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
