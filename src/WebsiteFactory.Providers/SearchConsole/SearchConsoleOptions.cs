namespace WebsiteFactory.Providers.SearchConsole;

/// <summary>Settings of the Google Site Verification / Search Console client (configuration section <c>Content:SearchConsole</c>).</summary>
public sealed class SearchConsoleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:SearchConsole";

    /// <summary>OAuth token endpoint. Default <c>https://oauth2.googleapis.com/token</c>.</summary>
    public Uri TokenUrl { get; set; } = new("https://oauth2.googleapis.com/token");

    /// <summary>Site Verification API base. Default <c>https://www.googleapis.com/siteVerification/v1/</c>.</summary>
    public Uri SiteVerificationBaseUrl { get; set; } = new("https://www.googleapis.com/siteVerification/v1/");

    /// <summary>Search Console API base. Default <c>https://searchconsole.googleapis.com/webmasters/v3/</c>.</summary>
    public Uri SearchConsoleBaseUrl { get; set; } = new("https://searchconsole.googleapis.com/webmasters/v3/");

    /// <summary>Search Analytics queries per minute per Google user, shared by all workers. Default 1200 (Google's limit).</summary>
    public int QueriesPerMinute { get; set; } = 1200;

    /// <summary>Site Verification and <c>sites.*</c> calls per minute per user. Default 200 (Google's limit).</summary>
    public int SitesCallsPerMinute { get; set; } = 200;

    /// <summary>Longest wait for a rate-budget permit before failing as rate limited. Default 30 s.</summary>
    public TimeSpan MaxBudgetWait { get; set; } = TimeSpan.FromSeconds(30);
}
