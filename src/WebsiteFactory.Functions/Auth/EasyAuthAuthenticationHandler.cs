using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Functions.Auth;

/// <summary>
/// Authenticates the user App Service authentication signed in, from its <c>X-MS-CLIENT-PRINCIPAL</c> header (base64
/// JSON), when <see cref="EasyAuthOptions.Enabled"/>; the highest app role among <c>read</c>, <c>operate</c>,
/// <c>admin</c> becomes the scope, else <see cref="EasyAuthOptions.DefaultScope"/>. The principal has the same claims as
/// the local server's cookie and OIDC users (<see cref="AuthPolicies.ScopeClaims"/>), with method <c>easy_auth</c>.
/// </summary>
public sealed class EasyAuthAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<EasyAuthOptions> easyAuth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "EasyAuth";

    /// <summary>The header App Service authentication adds.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private static readonly string[] NameClaims = ["preferred_username", "name", "email", ClaimTypes.Name, ClaimTypes.Email];
    private static readonly string[] IdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid", "sub", ClaimTypes.NameIdentifier];

    /// <summary>Builds the principal of a decoded client principal.</summary>
    /// <param name="header">The header's value (base64 JSON).</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The principal, or null when the header grants nothing (no scope).</returns>
    /// <exception cref="FormatException">The header is not base64.</exception>
    /// <exception cref="JsonException">The header is not the expected JSON.</exception>
    public static ClaimsPrincipal? Principal(string header, EasyAuthOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
        var client = JsonSerializer.Deserialize<ClientPrincipal>(json) ?? throw new JsonException("The client principal is null.");
        var claims = client.Claims ?? [];
        string? First(IEnumerable<string?> types) => types.Where(t => !string.IsNullOrEmpty(t))
            .Select(t => claims.FirstOrDefault(c => string.Equals(c.Type, t, StringComparison.Ordinal))?.Value)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        var roleTypes = new[] { settings.RoleClaim, client.RoleType, ClaimTypes.Role };
        var scope = claims.Where(c => roleTypes.Contains(c.Type, StringComparer.Ordinal))
            .Select(c => AuthPolicies.TryParseScope(c.Value, out var s) ? (ApiScope?)s : null)
            .Max() ?? (AuthPolicies.TryParseScope(settings.DefaultScope, out var d) ? d : null);
        if (scope is null)
        {
            return null;
        }

        var name = First([client.NameType, .. NameClaims]) ?? "easy auth user";
        var identity = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, First(IdClaims) ?? name),
            new(ClaimTypes.Name, name),
            new(AuthPolicies.MethodClaim, "easy_auth"),
        };
        identity.AddRange(AuthPolicies.ScopeClaims(scope.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(identity, SchemeName));
    }

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!easyAuth.Value.Enabled || !Request.Headers.TryGetValue(HeaderName, out var header) || string.IsNullOrWhiteSpace(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        try
        {
            return Task.FromResult(Principal(header.ToString(), easyAuth.Value) is { } principal
                ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
                : AuthenticateResult.Fail("The signed-in user has no Website Factory role."));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            Log.MalformedClientPrincipal(Logger, e);
            return Task.FromResult(AuthenticateResult.Fail("The client principal header is malformed."));
        }
    }

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthType,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] IReadOnlyList<ClientClaim>? Claims);

    private sealed record ClientClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}
