using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Functions.Auth;

/// <summary>
/// App Service authentication ("Easy Auth", Entra ID) on the Functions app, bound from <c>Authentication:EasyAuth</c>
/// (app settings <c>Authentication__EasyAuth__Enabled</c>, <c>…__RoleClaim</c>, <c>…__DefaultScope</c>).
/// </summary>
/// <remarks>
/// When App Service authentication is on, the platform signs the user in (browser session or Entra ID bearer token),
/// removes any <c>X-MS-CLIENT-PRINCIPAL</c> header the client sent and adds its own. Without it, anyone can send that
/// header, so it is trusted only when <see cref="Enabled"/> is set, which must be done only together with App Service
/// authentication (infra/main.bicep sets it to false until it provisions that).
/// </remarks>
public sealed class EasyAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Authentication:EasyAuth";

    /// <summary>Gets or sets a value indicating whether the <c>X-MS-CLIENT-PRINCIPAL</c> header is trusted. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the claim holding app roles (<c>read</c>, <c>operate</c>, <c>admin</c>). Default: <c>roles</c>; the principal's own <c>role_typ</c> is read too.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Gets or sets the scope of a signed-in user with none of the app roles: read, operate, admin, or <c>none</c>. Default: <c>read</c> (as the local server's OIDC sign-in).</summary>
    public string DefaultScope { get; set; } = AuthPolicies.Read;

    /// <summary>Whether the values can be used.</summary>
    /// <returns>True when the role claim is named and the default scope is known.</returns>
    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(this.RoleClaim)
        && (string.Equals(this.DefaultScope, "none", StringComparison.OrdinalIgnoreCase) || AuthPolicies.TryParseScope(this.DefaultScope, out _));
}
