using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary><see cref="ICloudPanelClient.FindSiteAsync"/>: the plan's read-only look at a site and its certificate.</summary>
public sealed partial class CloudPanelClientTests
{
    [Fact]
    public async Task FindSite_AbsentThenAddedThenCertified_ReportsEachState_RunsNoClpctl()
    {
        var domain = DomainName.Parse("find-site.com", CultureInfo.InvariantCulture);
        Assert.Null(await _client.FindSiteAsync(_server, domain));

        var user = SiteUser.FromDomain(domain);
        var added = await _client.EnsureStaticSiteAsync(_server, domain, user, "site-pw");
        var calls = _clpctl.Calls.Count;

        var found = await _client.FindSiteAsync(_server, domain);
        Assert.NotNull(found);
        Assert.Equal((domain.Value, user.Value, added.DocRoot), (found.Domain, found.SiteUser, found.DocRoot));
        Assert.False(found.CertificateValid); // site:add:static installs a self-signed one
        Assert.Contains("self-signed", found.CertificateDetail, StringComparison.Ordinal);
        Assert.Null(await _client.FindSiteAsync(_server, DomainName.Parse("other-site.com", CultureInfo.InvariantCulture)));
        Assert.Equal(calls, _clpctl.Calls.Count); // looking runs no clpctl command

        await _client.InstallCertificateAsync(_server, domain);
        var certified = await _client.FindSiteAsync(_server, domain);
        Assert.True(certified!.CertificateValid, certified.CertificateDetail);
    }

    [Fact]
    public void FindSiteCommand_QuotesHomeAndDomain_OnlyTheUserSegmentIsAGlob()
    {
        var command = _client.FindSiteCommand(DomainName.Parse("quoted-site.com", CultureInfo.InvariantCulture));

        Assert.Contains($"'{_clpctl.HomeDirectory.TrimEnd('/')}'/*/htdocs/'quoted-site.com'", command, StringComparison.Ordinal);
        Assert.DoesNotContain(_clpctl.CommandPath, command, StringComparison.Ordinal);
    }
}
