namespace WebsiteFactory.Core.Domain;

/// <summary>
/// One site's figures for one day (<c>daily_analytics</c>, key <c>(date, site_id)</c>). Each vendor fills its own columns;
/// null means "no data from that vendor (yet)", so a missing Matomo figure never hides Search Console's and vice versa.
/// </summary>
public sealed record DailyAnalytics
{
    /// <summary>The day (UTC calendar date).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>Matomo visits, or null when not (yet) known.</summary>
    public int? MatomoVisits { get; init; }

    /// <summary>Search Console clicks, or null when not (yet) known.</summary>
    public int? GscClicks { get; init; }

    /// <summary>Search Console impressions, or null when not (yet) known.</summary>
    public int? GscImpressions { get; init; }

    /// <summary>Last time this row was written (UTC), set by the store.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
