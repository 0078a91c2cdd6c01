using System.Diagnostics.CodeAnalysis;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Wire names of <see cref="ServerAction"/>.</summary>
public static class ServerActions
{
    /// <summary>Every action by its wire name.</summary>
    public static IReadOnlyDictionary<string, ServerAction> ByName { get; } = new Dictionary<string, ServerAction>(StringComparer.Ordinal)
    {
        ["reload-nginx"] = ServerAction.ReloadNginx,
        ["renew-certificate"] = ServerAction.RenewCertificate,
    };

    /// <summary>The wire name of an action.</summary>
    /// <param name="action">The action.</param>
    /// <returns><c>reload-nginx</c> or <c>renew-certificate</c>.</returns>
    public static string Name(ServerAction action) => action switch
    {
        ServerAction.ReloadNginx => "reload-nginx",
        ServerAction.RenewCertificate => "renew-certificate",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an allow-listed action."),
    };

    /// <summary>Parses a wire name exactly (no case folding, no numbers: <c>Enum.TryParse</c> would accept "0").</summary>
    /// <param name="name">The name.</param>
    /// <param name="action">The action.</param>
    /// <returns>True for an allow-listed name.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out ServerAction action)
    {
        action = default;
        return name is not null && ByName.TryGetValue(name, out action);
    }

    /// <summary>True when the action needs a site.</summary>
    /// <param name="action">The action.</param>
    /// <returns>Whether a domain is required.</returns>
    public static bool NeedsSite(ServerAction action) => action == ServerAction.RenewCertificate;
}
