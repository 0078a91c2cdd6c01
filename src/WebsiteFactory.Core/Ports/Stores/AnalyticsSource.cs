namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Which vendor filled a <c>daily_analytics</c> column.</summary>
public enum AnalyticsSource
{
    /// <summary>Matomo visits.</summary>
    Matomo,
    /// <summary>Search Console clicks and impressions.</summary>
    SearchConsole,
}
