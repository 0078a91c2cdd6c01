namespace WebsiteFactory.Data.Repositories;

/// <summary>The SQL of the coarse progress filters (<c>SiteProgressFilter</c>) over the alias <c>s</c>.</summary>
public sealed partial class SiteRepository
{
    private const string FailedSql =
        "(s.status_dns = 'failed' OR s.status_hosting = 'failed' OR s.status_content = 'failed' OR s.status_deployment = 'failed' OR s.gsc_verification_status = 'failed')";

    // Every blocking step done; "complete" also needs the (non-blocking) Matomo tracking, "live" is the rest.
    private const string BlockingDoneSql =
        "(s.status_dns = 'active' AND s.status_hosting = 'active' AND s.status_content = 'generated' AND s.status_deployment = 'deployed' AND s.gsc_verification_status = 'verified')";

    private const string CompleteSql = $"({BlockingDoneSql} AND s.analytics_status IN ('ok', 'skipped'))";

    private const string LiveSql = $"({BlockingDoneSql} AND s.analytics_status IN ('pending', 'failed'))";

    private const string NotStartedSql =
        "(s.status_dns = 'pending' AND s.status_hosting = 'pending' AND s.status_content = 'pending' AND s.status_deployment = 'pending' AND s.gsc_verification_status = 'pending')";
}
