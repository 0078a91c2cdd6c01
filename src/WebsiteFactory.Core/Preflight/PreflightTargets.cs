using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Preflight;

/// <summary>How pre-flight names what it checks: <c>{kind}:{nickname or name}</c>.</summary>
public static class PreflightTargets
{
    /// <summary>A Cloudflare account.</summary>
    /// <param name="account">The account.</param>
    /// <returns><c>cloudflare:{nickname}</c>.</returns>
    public static string Of(CloudflareAccount account) => $"cloudflare:{account?.AccountNickname}";

    /// <summary>A registrar account.</summary>
    /// <param name="account">The account.</param>
    /// <returns><c>namecheap:{nickname}</c> or <c>spaceship:{nickname}</c>.</returns>
    public static string Of(RegistrarAccount account) => $"{account?.Provider.ToString().ToLowerInvariant()}:{account?.AccountNickname}";

    /// <summary>A CloudPanel server.</summary>
    /// <param name="server">The server.</param>
    /// <returns><c>server:{name}</c>.</returns>
    public static string Of(HostingServer server) => $"server:{server?.Name}";

    /// <summary>A Search Console account.</summary>
    /// <param name="account">The account.</param>
    /// <returns><c>gsc:{nickname}</c>.</returns>
    public static string Of(GscAccount account) => $"gsc:{account?.AccountNickname}";
}
