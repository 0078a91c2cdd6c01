using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Plan;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Tests.Plan;

/// <summary>The planner's decisions with substitute ports: the cases the simulator tests do not stage.</summary>
public sealed class SitePlannerTests
{
    private readonly ICloudflareClient _cloudflare = Substitute.For<ICloudflareClient>();
    private readonly IRegistrarClient _registrar = Substitute.For<IRegistrarClient>();
    private readonly ICloudPanelClient _cloudPanel = Substitute.For<ICloudPanelClient>();
    private readonly IMatomoClient _matomo = Substitute.For<IMatomoClient>();
    private readonly CloudflareAccount _account = new() { Id = Guid.NewGuid(), Email = "p@example.com", AccountNickname = "cf", CloudflareAccountId = new string('a', 32), ApiTokenSecretName = SecretName.Parse("t", CultureInfo.InvariantCulture) };
    private readonly RegistrarAccount _ns = new() { Id = Guid.NewGuid(), Provider = RegistrarProvider.Spaceship, AccountNickname = "ss", ApiKeySecretName = SecretName.Parse("k", CultureInfo.InvariantCulture) };
    private readonly HostingServer _server = new()
    {
        Id = Guid.NewGuid(), Name = "web-1", Address = "203.0.113.5", SshUser = "root", SshKeySecretName = SecretName.Parse("s", CultureInfo.InvariantCulture),
        HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:" + new string('A', 43), CultureInfo.InvariantCulture), PublicIp = IPAddress.Parse("203.0.113.5"),
    };

    private readonly CloudflareZone _zone = new(new string('z', 32), "planned.com", ZoneStatus.Active, ["ada.ns.cloudflare.com", "bart.ns.cloudflare.com"], new string('a', 32));

    [Fact]
    public async Task PlanSite_WrongNameserversTtlDriftForeignSiteUserAndMatomoDown_UpdatesAndErrorsTheRestPlanned()
    {
        var site = Site();
        _cloudflare.FindZoneAsync(_account, Arg.Any<DomainName>(), Arg.Any<CancellationToken>()).Returns(_zone);
        _cloudflare.ListRecordsAsync(_account, _zone.Id, null, null, Arg.Any<CancellationToken>()).Returns(
        [
            new DnsRecord("a", "A", "planned.com", "203.0.113.5", 300, false),
            new DnsRecord("c", "CNAME", "www.planned.com", "planned.com", 1, false),
        ]);
        _registrar.GetNameserversAsync(_ns, Arg.Any<DomainName>(), Arg.Any<CancellationToken>()).Returns(new RegistrarNameservers(["ns1.old.example", "ns2.old.example"], false));
        _cloudPanel.FindSiteAsync(_server, site.Domain, Arg.Any<CancellationToken>()).Returns(new HostedSite("planned.com", "someone-else", "/home/someone-else/htdocs/planned.com", false, "self-signed (CN=planned.com)"));
        _matomo.FindSiteIdAsync(site.Domain, Arg.Any<CancellationToken>()).ThrowsAsync(new ProviderException("matomo", ProviderErrorKind.Transient, "Matomo answered HTTP 503 to SitesManager.getSitesIdFromSiteUrl."));

        var plan = await Planner().PlanSiteAsync(site, PlanMode.Provision);

        var a = plan.Changes.Single(c => c.Resource == "A planned.com");
        Assert.Equal((PlanAction.Update, "203.0.113.5 (ttl 300)", "203.0.113.5 (ttl auto)"), (a.Action, a.Before, a.After));
        Assert.Equal(PlanAction.NoOp, plan.Changes.Single(c => c.Resource == "CNAME www.planned.com").Action);
        var ns = plan.Changes.Single(c => c.Resource == "nameservers");
        Assert.Equal(("spaceship", PlanAction.Update, "ns1.old.example, ns2.old.example", "ada.ns.cloudflare.com, bart.ns.cloudflare.com"), (ns.Vendor, ns.Action, ns.Before, ns.After));
        var certificate = plan.Changes.Single(c => c.Resource == "certificate planned.com");
        Assert.Equal((PlanAction.Update, "self-signed (CN=planned.com)"), (certificate.Action, certificate.Before));
        Assert.DoesNotContain(plan.Changes, c => c.Vendor == "matomo");
        Assert.Equal(2, plan.Errors.Count);
        Assert.Contains(plan.Errors, e => e.StartsWith("cloudpanel:", StringComparison.Ordinal) && e.Contains("someone-else", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.StartsWith("matomo:", StringComparison.Ordinal) && e.Contains("503", StringComparison.Ordinal));
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public async Task PlanSite_ProvisionedAndInSync_NoChanges_NoMatomoCall()
    {
        var site = Site() with
        {
            SiteUser = SiteUser.FromDomain(DomainName.Parse("planned.com", CultureInfo.InvariantCulture)).Value, StatusHosting = HostingStatus.Active, MatomoSiteId = 7,
        };
        _cloudflare.FindZoneAsync(_account, Arg.Any<DomainName>(), Arg.Any<CancellationToken>()).Returns(_zone);
        _cloudflare.ListRecordsAsync(_account, _zone.Id, null, null, Arg.Any<CancellationToken>()).Returns(
        [
            new DnsRecord("a", "A", "planned.com", "203.0.113.5", 1, false),
            new DnsRecord("c", "CNAME", "www.planned.com", "planned.com", 1, false),
        ]);
        _registrar.GetNameserversAsync(_ns, Arg.Any<DomainName>(), Arg.Any<CancellationToken>()).Returns(new RegistrarNameservers(_zone.NameServers, false));
        _cloudPanel.FindSiteAsync(_server, site.Domain, Arg.Any<CancellationToken>()).Returns(new HostedSite("planned.com", site.SiteUser!, "/home/x/htdocs/planned.com", true, "R11"));

        var plan = await Planner().PlanSiteAsync(site, PlanMode.Provision);

        Assert.False(plan.HasChanges, string.Join("; ", plan.Changes.Where(c => c.Action != PlanAction.NoOp).Select(c => c.Resource)));
        Assert.Empty(plan.Errors);
        Assert.Equal(7, plan.Changes.Count);
        await _matomo.DidNotReceiveWithAnyArgs().FindSiteIdAsync(default!, default);
    }

    private Site Site() => new()
    {
        Id = Guid.NewGuid(), Domain = DomainName.Parse("planned.com", CultureInfo.InvariantCulture),
        CloudflareAccountId = _account.Id, RegistrarAccountId = _ns.Id, ServerId = _server.Id,
    };

    private SitePlanner Planner()
    {
        var cf = Substitute.For<ICloudflareAccountRepository>();
        cf.GetAsync(_account.Id, Arg.Any<CancellationToken>()).Returns(_account);
        var registrars = Substitute.For<IRegistrarAccountRepository>();
        registrars.GetAsync(_ns.Id, Arg.Any<CancellationToken>()).Returns(_ns);
        var servers = Substitute.For<IHostingServerRepository>();
        servers.GetAsync(_server.Id, Arg.Any<CancellationToken>()).Returns(_server);
        var lookups = new ProvisioningLookups(Substitute.For<ISiteStateStore>(), cf, registrars, servers);
        return new SitePlanner(lookups, _cloudflare, _registrar, _cloudPanel, _matomo, NullLogger<SitePlanner>.Instance, new ProvisionSettings { Publish = false });
    }
}
