using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class SiteImportAndListTests : IClassFixture<MigratedDatabase>
{
    private readonly MigratedDatabase _db;
    private readonly SiteRepository _sites;
    private readonly CloudflareAccountRepository _cloudflare;
    private readonly HostingServerRepository _servers;

    public SiteImportAndListTests(MigratedDatabase db)
    {
        _db = db;
        _sites = new SiteRepository(db.DataSource);
        _cloudflare = new CloudflareAccountRepository(db.DataSource);
        _servers = new HostingServerRepository(db.DataSource);
    }

    [Fact]
    public async Task ImportAsync_ValidRows_InsertsAllWithReferencesByIdOrNickname()
    {
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());
        var server = await _servers.CreateAsync(TestData.Server());
        var d1 = TestData.Domain();
        var d2 = TestData.Domain();

        var result = await _sites.ImportAsync(
        [
            new SiteImportRow { RowNumber = 1, Domain = d1.Value.ToUpperInvariant(), CloudflareAccount = cf.AccountNickname, Server = server.Name, Language = "fr" },
            new SiteImportRow { RowNumber = 2, Domain = d2.Value, CloudflareAccount = cf.Id.ToString(), Brand = "B" },
        ], "cli");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([d1, d2], result.Created.Select(s => s.Domain));
        Assert.All(result.Created, s => Assert.Equal(cf.Id, s.CloudflareAccountId));
        Assert.Equal(server.Id, result.Created[0].ServerId);
        Assert.Equal("fr", result.Created[0].Language);
        Assert.Equal("en", result.Created[1].Language);
        Assert.NotNull(await _sites.GetByDomainAsync(d2));
    }

    [Fact]
    public async Task ImportAsync_AnyBadRow_WritesNothingAndReportsEveryBadRow()
    {
        var existing = await _sites.CreateAsync(TestData.Site());
        var good = TestData.Domain();
        var dup = TestData.Domain();
        var sitesBefore = await _db.ScalarAsync<long>("SELECT count(*) FROM wf.sites");
        var eventsBefore = await _db.ScalarAsync<long>("SELECT count(*) FROM wf.site_events");

        var result = await _sites.ImportAsync(
        [
            new SiteImportRow { RowNumber = 1, Domain = good.Value },
            new SiteImportRow { RowNumber = 2, Domain = "a.com;rm -rf /", CloudflareAccount = "ghost" },
            new SiteImportRow { RowNumber = 3, Domain = existing.Domain.Value },
            new SiteImportRow { RowNumber = 4, Domain = dup.Value },
            new SiteImportRow { RowNumber = 5, Domain = dup.Value + "." },
            new SiteImportRow { RowNumber = 6, Domain = TestData.Domain().Value, CloudflareAccount = "no-such-account" },
            new SiteImportRow { RowNumber = 7, Domain = "" },
            new SiteImportRow { RowNumber = 8, Domain = "127.0.0.1" },
            new SiteImportRow { RowNumber = 9, Domain = TestData.Domain().Value, Server = Guid.NewGuid().ToString() },
            new SiteImportRow { RowNumber = 10, Domain = TestData.Domain().Value, Language = "not a language" },
        ]);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Created);
        Assert.Equal([2, 3, 5, 6, 7, 8, 9, 10], result.Errors.Select(e => e.RowNumber).Distinct());
        Assert.Equal(["domain", "cloudflare_account"], result.Errors.Where(e => e.RowNumber == 2).Select(e => e.Field));
        Assert.Contains(result.Errors, e => e.RowNumber == 3 && e.Message.Contains("already exists", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.RowNumber == 5 && e.Message.Contains("row 4", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.RowNumber == 6 && e.Message == "Unknown cloudflare account 'no-such-account'.");
        Assert.Contains(result.Errors, e => e.RowNumber == 9 && e.Field == "server");
        Assert.Contains(result.Errors, e => e.RowNumber == 10 && e.Field == "language");
        Assert.Equal(sitesBefore, await _db.ScalarAsync<long>("SELECT count(*) FROM wf.sites"));
        Assert.Equal(eventsBefore, await _db.ScalarAsync<long>("SELECT count(*) FROM wf.site_events"));
        Assert.Null(await _sites.GetByDomainAsync(good));
    }

    [Fact]
    public async Task ImportAsync_IdenticalRowsTwice_ReportsTheRepeatInsteadOfFailing()
    {
        var row = new SiteImportRow { RowNumber = 1, Domain = TestData.Domain().Value };

        var result = await _sites.ImportAsync([row, row]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Created);
    }

    [Fact]
    public async Task ImportAsync_NoRows_SucceedsWithNothing()
    {
        var result = await _sites.ImportAsync([]);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Created);
    }

    [Fact]
    public async Task ListAsync_FiltersSearchesAndPages()
    {
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());
        var tag = TestData.Unique("lst");
        var created = new List<Site>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await _sites.CreateAsync(new NewSite
            {
                Domain = DomainName.Parse($"{tag}-{i}.com", System.Globalization.CultureInfo.InvariantCulture),
                CloudflareAccountId = cf.Id,
                Brand = i == 3 ? "Special Brand" : null,
            }));
        }

        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = created[1].Id, Step = SiteStep.Zone, Outcome = StepOutcome.Failed, StatusDns = DnsStatus.Failed });
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = created[2].Id, Step = SiteStep.Zone, Outcome = StepOutcome.Succeeded, StatusDns = DnsStatus.Active });

        var page1 = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, Limit = 3 });
        var page3 = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, Limit = 3, Offset = 6 });
        Assert.Equal(7, page1.TotalCount);
        Assert.True(page1.HasMore);
        Assert.Equal(created.Take(3).Select(s => s.Id), page1.Items.Select(s => s.Id));
        Assert.Equal(created[6].Id, Assert.Single(page3.Items).Id);
        Assert.False(page3.HasMore);

        var failed = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, Progress = SiteProgressFilter.Failed });
        Assert.Equal(created[1].Id, Assert.Single(failed.Items).Id);
        var inProgress = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, Progress = SiteProgressFilter.InProgress });
        Assert.Equal(created[2].Id, Assert.Single(inProgress.Items).Id);
        var notStarted = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, Progress = SiteProgressFilter.NotStarted });
        Assert.Equal(5, notStarted.TotalCount);
        var dnsActive = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, StatusDns = DnsStatus.Active });
        Assert.Equal(created[2].Id, Assert.Single(dnsActive.Items).Id);

        var byBrand = await _sites.ListAsync(new SiteQuery { Search = "special" });
        Assert.Equal(created[3].Id, Assert.Single(byBrand.Items).Id);
        var byDomain = await _sites.ListAsync(new SiteQuery { Search = $"{tag}-5" });
        Assert.Equal(created[5].Id, Assert.Single(byDomain.Items).Id);
        var wildcard = await _sites.ListAsync(new SiteQuery { Search = "%" });
        Assert.Empty(wildcard.Items);

        var descending = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, OrderBy = SiteSortOrder.CreatedAt, Descending = true, Limit = 1 });
        Assert.Equal(created[6].Id, Assert.Single(descending.Items).Id);

        var counts = await _sites.CountByProgressAsync();
        Assert.True(counts[SiteProgressFilter.Failed] >= 1);
        Assert.Equal(counts[SiteProgressFilter.Any], counts[SiteProgressFilter.Failed] + counts[SiteProgressFilter.Complete] + counts[SiteProgressFilter.NotStarted] + counts[SiteProgressFilter.InProgress]);
    }

    [Fact]
    public async Task ListAsync_DeploymentStatuses_ReturnsSitesInAnyOfThem()
    {
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());
        var tag = TestData.Unique("dep");
        var created = new List<Site>();
        for (var i = 0; i < 4; i++)
        {
            created.Add(await _sites.CreateAsync(new NewSite { Domain = DomainName.Parse($"{tag}-{i}.com", System.Globalization.CultureInfo.InvariantCulture), CloudflareAccountId = cf.Id }));
        }

        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = created[0].Id, Step = SiteStep.Deploy, Outcome = StepOutcome.Succeeded, StatusDeployment = DeploymentStatus.Deployed });
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = created[1].Id, Step = SiteStep.Build, Outcome = StepOutcome.Started, StatusDeployment = DeploymentStatus.Deploying });
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = created[2].Id, Step = SiteStep.Deploy, Outcome = StepOutcome.Failed, StatusDeployment = DeploymentStatus.Failed });

        var live = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, DeploymentStatuses = [DeploymentStatus.Deployed, DeploymentStatus.Deploying] });
        var deployedOnly = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, DeploymentStatuses = [DeploymentStatus.Deployed, DeploymentStatus.Deploying], StatusDeployment = DeploymentStatus.Deployed });
        var any = await _sites.ListAsync(new SiteQuery { CloudflareAccountId = cf.Id, DeploymentStatuses = [] });

        Assert.Equal([created[0].Id, created[1].Id], live.Items.Select(s => s.Id));
        Assert.Equal(created[0].Id, Assert.Single(deployedOnly.Items).Id);
        Assert.Equal(4, any.TotalCount);
    }

    [Fact]
    public async Task ListAsync_UnicodeSearch_FindsPunycodeDomain()
    {
        var tag = TestData.Unique("b");
        var site = await _sites.CreateAsync(new NewSite { Domain = DomainName.Parse($"{tag}ücher.de", System.Globalization.CultureInfo.InvariantCulture) });

        var found = await _sites.ListAsync(new SiteQuery { Search = $"{tag}ücher" });

        Assert.Equal(site.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task ListAsync_BadPaging_ThrowsValidation()
    {
        await Assert.ThrowsAsync<EntityValidationException>(() => _sites.ListAsync(new SiteQuery { Limit = 0 }));
        await Assert.ThrowsAsync<EntityValidationException>(() => _sites.ListAsync(new SiteQuery { Offset = -1 }));
    }
}
