namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A Matomo site as <c>SitesManager</c> lists it.</summary>
/// <param name="Id">The site id.</param>
/// <param name="Name">The site name.</param>
/// <param name="MainUrl">The main URL (e.g. <c>https://example.com</c>).</param>
public sealed record MatomoSiteInfo(int Id, string Name, string MainUrl)
{
    /// <summary>The main URL's host without a leading <c>www.</c>, lower case; null when the URL does not parse.</summary>
    public string? Host => Uri.TryCreate(MainUrl, UriKind.Absolute, out var uri)
        ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host).ToLowerInvariant()
        : null;
}
