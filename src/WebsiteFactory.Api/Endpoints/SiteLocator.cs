using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Api.Problems;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Resolves the <c>{site}</c> route value: a domain name (IDN or ASCII) or a site id.</summary>
public static class SiteLocator
{
    /// <summary>Finds a site.</summary>
    /// <param name="sites">The repository.</param>
    /// <param name="value">The route value.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The site, or the problem to return (400 for a malformed domain, 404 when unknown).</returns>
    public static async Task<(Site? Site, IResult? Problem)> FindAsync(ISiteRepository sites, string value, CancellationToken ct)
    {
        if (Guid.TryParse(value, out var id))
        {
            var byId = await sites.GetAsync(id, ct);
            return byId is null ? (null, ApiProblems.NotFound($"No site has id '{id}'.")) : (byId, null);
        }

        if (!DomainName.TryParse(value, out var domain, out var error))
        {
            return (null, ApiProblems.Validation("domain", error));
        }

        var site = await sites.GetByDomainAsync(domain, ct);
        return site is null ? (null, ApiProblems.NotFound($"No site has domain '{domain}'.")) : (site, null);
    }
}
