using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary><c>DELETE /webmasters/v3/sites/{siteUrl}</c> (sites.delete).</summary>
public sealed partial class SearchConsoleSimulator
{
    /// <summary>Properties removed through sites.delete (for tests: what a teardown did).</summary>
    public int DeletedProperties => Volatile.Read(ref _deletedProperties);

    private int _deletedProperties;

    /// <summary>
    /// Removes the user's property: 204 with an empty body, as Google answers; 404 (<c>NOT_FOUND</c>) when the user has no
    /// such property, which a client reads as "already gone".
    /// </summary>
    private IResult DeleteSite(HttpContext http, string siteUrl)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        lock (_lock)
        {
            if (!_properties.Remove((user, siteUrl)))
            {
                return GoogleError(404, "NOT_FOUND", "notFound", $"Site '{siteUrl}' not found.");
            }
        }

        Interlocked.Increment(ref _deletedProperties);
        return Results.NoContent();
    }
}
