using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Api.Endpoints;

namespace WebsiteFactory.Server.Tests;

/// <summary>The site's overall progress never says complete while its Matomo tracking is pending or failed (issue 13).</summary>
public sealed class SiteDtoTests
{
    [Theory]
    [InlineData(AnalyticsStatus.Ok, "complete")]
    [InlineData(AnalyticsStatus.Skipped, "complete")]
    [InlineData(AnalyticsStatus.Pending, "live")]
    [InlineData(AnalyticsStatus.Failed, "live")]
    public void From_EveryBlockingStepDone_ProgressDependsOnAnalytics(AnalyticsStatus analytics, string expected)
    {
        var site = new Site
        {
            Id = Guid.NewGuid(),
            Domain = DomainName.Parse("dto-progress.com", CultureInfo.InvariantCulture),
            StatusDns = DnsStatus.Active,
            StatusHosting = HostingStatus.Active,
            StatusContent = ContentStatus.Generated,
            StatusDeployment = DeploymentStatus.Deployed,
            GscVerificationStatus = GscVerificationStatus.Verified,
            AnalyticsStatus = analytics,
            AnalyticsError = analytics == AnalyticsStatus.Failed ? "Matomo refused the token." : null,
            AnalyticsAttempts = 2,
        };

        var dto = SiteDto.From(site);

        Assert.Equal(expected, dto.Progress);
        Assert.Equal((analytics, site.AnalyticsError, 2), (dto.AnalyticsStatus, dto.AnalyticsError, dto.AnalyticsAttempts));
    }
}
