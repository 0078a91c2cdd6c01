using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Functions.Auth;

/// <summary>Authentication on the Functions host: the local server's API keys, and App Service authentication users.</summary>
public static class FunctionsAuthentication
{
    /// <summary>
    /// Adds a default policy scheme that picks <see cref="AuthPolicies.ApiKeyScheme"/> for a request that presents a
    /// <c>wf_…</c> key (<c>Authorization: Bearer</c> or <c>X-Api-Key</c>, as the CLI sends it) or no App Service
    /// principal, else <see cref="EasyAuthAuthenticationHandler.SchemeName"/>; and the settings of the latter
    /// (section <see cref="EasyAuthOptions.SectionName"/>). The scope policies come with <c>AddWebsiteFactoryApi</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    /// <remarks>
    /// An Entra ID bearer token is validated by App Service authentication, which then adds the principal header, so a
    /// <c>Bearer</c> value that is not one of our keys goes to the App Service scheme when that header is present.
    /// </remarks>
    public static IServiceCollection AddFunctionsAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EasyAuthOptions>().Bind(configuration.GetSection(EasyAuthOptions.SectionName))
            .Validate(o => o.IsValid(), "Authentication:EasyAuth needs a RoleClaim and a DefaultScope of read, operate, admin or none.")
            .ValidateOnStart();
        services.AddAuthentication(AuthPolicies.DefaultScheme)
            .AddPolicyScheme(AuthPolicies.DefaultScheme, "API key or App Service authentication", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthPolicies.ApiKeyScheme, null)
            .AddScheme<AuthenticationSchemeOptions, EasyAuthAuthenticationHandler>(EasyAuthAuthenticationHandler.SchemeName, null);
        return services;
    }

    /// <summary>The scheme of a request: App Service's when it forwarded a principal and no <c>wf_</c> key is presented, else API key.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The scheme name.</returns>
    internal static string SelectScheme(HttpContext context)
    {
        var hasPrincipal = context.Request.Headers.ContainsKey(EasyAuthAuthenticationHandler.HeaderName);
        var key = ApiKeyAuthenticationHandler.PresentedKey(context.Request);
        return hasPrincipal && key?.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) != true
            ? EasyAuthAuthenticationHandler.SchemeName
            : AuthPolicies.ApiKeyScheme;
    }
}
