using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>Registers API key, cookie and (when configured) OpenID Connect authentication and the fallback policy.</summary>
public static class AuthenticationSetup
{
    /// <summary>Adds authentication and authorization.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (section <c>Authentication</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebsiteFactoryAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Authentication");
        services.AddOptions<LocalAdminOptions>().Bind(section.GetSection("Admin"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.UserName) && o.CookieHours is > 0 and <= 24 * 30, "Authentication:Admin needs a UserName and CookieHours between 1 and 720.")
            .ValidateOnStart();
        var oidc = section.GetSection("Oidc").Get<OidcOptions>() ?? new OidcOptions();
        services.AddOptions<OidcOptions>().Bind(section.GetSection("Oidc"))
            .Validate(o => AuthPolicies.TryParseScope(o.DefaultScope, out _), "Authentication:Oidc:DefaultScope must be read, operate or admin.")
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Authority, UriKind.Absolute, out _), "Authentication:Oidc:Authority must be an absolute URL.")
            .ValidateOnStart();
        var cookieHours = section.GetSection("Admin").Get<LocalAdminOptions>()?.CookieHours ?? 12;

        services.AddOptions<SignInBackoffOptions>().Bind(section.GetSection("SignInBackoff"))
            .Validate(o => o.FreeFailures > 0 && o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay && o.ForgetAfter > TimeSpan.Zero, "Authentication:SignInBackoff needs FreeFailures > 0 and 0 < BaseDelay <= MaxDelay.")
            .ValidateOnStart();

        services.AddSingleton<UserStore>();
        services.AddSingleton<AdminPasswords>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SignInBackoff>();
        services.AddScoped<SessionCookieEvents>();

        var auth = services.AddAuthentication(AuthPolicies.DefaultScheme)
            .AddPolicyScheme(AuthPolicies.DefaultScheme, "API key or cookie", o =>
                o.ForwardDefaultSelector = ctx => ApiKeyAuthenticationHandler.PresentedKey(ctx.Request) is not null
                    ? AuthPolicies.ApiKeyScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthPolicies.ApiKeyScheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "wf_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(cookieHours);
                o.SlidingExpiration = true;

                // Server-side sessions (checked on every request) and 401/403 instead of redirects.
                o.EventsType = typeof(SessionCookieEvents);
            });

        if (oidc.Enabled)
        {
            auth.AddOpenIdConnect(AuthPolicies.OidcScheme, o => ConfigureOidc(o, oidc));
        }

        // The scope policies come with AddWebsiteFactoryApi (shared with the Functions host); anything unmapped needs a user.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Builds the cookie principal for a local user or an OIDC user.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="id">A stable id.</param>
    /// <param name="scope">The granted scope.</param>
    /// <param name="method">How the user signed in.</param>
    /// <returns>The principal.</returns>
    public static ClaimsPrincipal CookiePrincipal(string name, string id, ApiScope scope, string method)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id),
            new(ClaimTypes.Name, name),
            new(AuthPolicies.MethodClaim, method),
        };
        claims.AddRange(AuthPolicies.ScopeClaims(scope));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Applies the OIDC settings (code flow with PKCE, cookie sign-in, app roles mapped to scopes).</summary>
    /// <param name="o">The handler options.</param>
    /// <param name="settings">Our settings.</param>
    internal static void ConfigureOidc(OpenIdConnectOptions o, OidcOptions settings)
    {
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.CallbackPath = settings.CallbackPath;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.SaveTokens = false;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
        o.MapInboundClaims = false;
        o.Events.OnTokenValidated = ctx =>
        {
            // Replace the IdP's identity with ours: the scope comes from the highest app role, else the default.
            var identity = ctx.Principal!;
            var roles = identity.FindAll(settings.RoleClaim).Select(c => c.Value).ToList();
            var scope = roles.Select(r => AuthPolicies.TryParseScope(r, out var s) ? (ApiScope?)s : null).Max()
                ?? (AuthPolicies.TryParseScope(settings.DefaultScope, out var d) ? d : ApiScope.Read);
            var name = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("email")?.Value ?? identity.FindFirst("name")?.Value ?? "oidc user";
            var id = identity.FindFirst("oid")?.Value ?? identity.FindFirst("sub")?.Value ?? name;
            ctx.Principal = CookiePrincipal(name, id, scope, "oidc");
            return Task.CompletedTask;
        };
    }
}
