namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Search performance of a property for one day (Pacific time, as Google reports it).</summary>
public sealed record SearchAnalyticsDay(DateOnly Date, long Clicks, long Impressions);
