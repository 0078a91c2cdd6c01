using Npgsql;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class SiteRepositoryTests : IClassFixture<MigratedDatabase>
{
    private readonly MigratedDatabase _db;
    private readonly SiteRepository _sites;
    private readonly CloudflareAccountRepository _cloudflare;

    public SiteRepositoryTests(MigratedDatabase db)
    {
        _db = db;
        _sites = new SiteRepository(db.DataSource);
        _cloudflare = new CloudflareAccountRepository(db.DataSource);
    }

    private Task<long> CountAsync(string table, string where = "TRUE") => _db.ScalarAsync<long>($"SELECT count(*) FROM wf.{table} WHERE {where}");

    [Fact]
    public async Task CreateAsync_ValidSite_StoresPendingSiteAndRegisteredEvent()
    {
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());
        var input = TestData.Site(cf.Id);

        var site = await _sites.CreateAsync(input, "user:alice");

        Assert.Equal(input.Domain, site.Domain);
        Assert.Equal(cf.Id, site.CloudflareAccountId);
        Assert.Equal(DnsStatus.Pending, site.StatusDns);
        Assert.Equal(GscVerificationStatus.Pending, site.GscVerificationStatus);
        Assert.Equal("en", site.Language);
        Assert.Empty(site.AssignedNameservers);
        Assert.Empty(site.RecordIds);
        Assert.Equivalent(site, await _sites.GetAsync(site.Id));
        Assert.Equivalent(site, await _sites.GetByDomainAsync(input.Domain));
        var events = await new SiteEventLog(_db.DataSource).ListForSiteAsync(site.Id);
        var e = Assert.Single(events);
        Assert.Equal(SiteStep.Registered, e.Step);
        Assert.Equal("user:alice", e.Actor);
    }

    [Fact]
    public async Task CreateAsync_DuplicateDomain_ThrowsNamingTheDomainAndWritesNothing()
    {
        var first = await _sites.CreateAsync(TestData.Site());
        var before = await CountAsync("site_events");

        var e = await Assert.ThrowsAsync<DuplicateEntityException>(() => _sites.CreateAsync(new NewSite { Domain = first.Domain }));

        Assert.Equal($"A site with domain '{first.Domain.Value}' already exists.", e.Message);
        Assert.Equal("domain", e.Field);
        Assert.Equal(1, await CountAsync("sites", $"domain = '{first.Domain.Value}'"));
        Assert.Equal(before, await CountAsync("site_events"));
    }

    [Fact]
    public async Task CreateAsync_ExistingId_ThrowsDuplicateId()
    {
        var first = await _sites.CreateAsync(TestData.Site());

        var e = await Assert.ThrowsAsync<DuplicateEntityException>(() => _sites.CreateAsync(TestData.Site() with { Id = first.Id }));

        Assert.Equal("id", e.Field);
    }

    [Fact]
    public async Task CreateAsync_UnknownCloudflareAccount_ThrowsClearErrorAndWritesNothing()
    {
        var input = TestData.Site(Guid.NewGuid());

        var e = await Assert.ThrowsAsync<UnknownReferenceException>(() => _sites.CreateAsync(input));

        Assert.StartsWith("Unknown cloudflare account '", e.Message, StringComparison.Ordinal);
        Assert.Equal("cloudflare_account_id", e.Field);
        Assert.Null(await _sites.GetByDomainAsync(input.Domain));
    }

    [Theory]
    [InlineData("server")]
    [InlineData("registrar")]
    [InlineData("gsc")]
    public async Task CreateAsync_UnknownOtherReference_NamesIt(string which)
    {
        var input = which switch
        {
            "server" => TestData.Site() with { ServerId = Guid.NewGuid() },
            "registrar" => TestData.Site() with { RegistrarAccountId = Guid.NewGuid() },
            _ => TestData.Site() with { GscAccountId = Guid.NewGuid() },
        };

        var e = await Assert.ThrowsAsync<UnknownReferenceException>(() => _sites.CreateAsync(input));

        Assert.Contains(which == "gsc" ? "Search Console account" : which, e.Message, StringComparison.Ordinal);
        Assert.Null(await _sites.GetByDomainAsync(input.Domain));
    }

    [Fact]
    public async Task CreateAsync_InvalidLanguage_ThrowsValidationAndWritesNothing()
    {
        var input = TestData.Site() with { Language = "english; DROP TABLE wf.sites" };

        var e = await Assert.ThrowsAsync<EntityValidationException>(() => _sites.CreateAsync(input));

        Assert.Contains(e.Errors, f => f.Field == "language");
        Assert.Null(await _sites.GetByDomainAsync(input.Domain));
    }

    [Fact]
    public async Task UpdateAsync_ChangesEditableFieldsAndAppendsEvent()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());

        var updated = await _sites.UpdateAsync(site.Id, SiteEdit.From(site) with { CloudflareAccountId = cf.Id, Brand = "New", Language = "de" }, "cli");

        Assert.Equal(cf.Id, updated.CloudflareAccountId);
        Assert.Equal("New", updated.Brand);
        Assert.Equal("de", updated.Language);
        Assert.Equal(site.Domain, updated.Domain);
        Assert.Equal(2, (await new SiteEventLog(_db.DataSource).ListForSiteAsync(site.Id)).Count);
    }

    [Fact]
    public async Task UpdateAsync_UnknownSiteOrReference_ThrowsAndChangesNothing()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        await Assert.ThrowsAsync<EntityNotFoundException>(() => _sites.UpdateAsync(Guid.NewGuid(), SiteEdit.From(site)));
        await Assert.ThrowsAsync<UnknownReferenceException>(() => _sites.UpdateAsync(site.Id, SiteEdit.From(site) with { ServerId = Guid.NewGuid() }));

        Assert.Equivalent(site, await _sites.GetAsync(site.Id));
    }

    [Fact]
    public async Task DeleteAsync_RemovesSiteWithItsEventsAndAnalytics()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Zone, Outcome = StepOutcome.Started });
        await new AnalyticsRepository(_db.DataSource).UpsertAsync([new DailyAnalytics { Date = new DateOnly(2026, 1, 1), SiteId = site.Id, MatomoVisits = 3 }]);

        Assert.True(await _sites.DeleteAsync(site.Id));
        Assert.False(await _sites.DeleteAsync(site.Id));

        Assert.Null(await _sites.GetAsync(site.Id));
        Assert.Equal(0, await CountAsync("site_events", $"site_id = '{site.Id}'"));
        Assert.Equal(0, await CountAsync("daily_analytics", $"site_id = '{site.Id}'"));
    }

    [Fact]
    public async Task RecordStepAsync_AppliesStatusesIdsAndEventTogether()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        await _sites.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Zone,
            Outcome = StepOutcome.Succeeded,
            Message = "Zone created.",
            Actor = "workflow:abc",
            CloudflareZoneId = "023e105f4ecef8ad9ca31a8372d0c353",
            AssignedNameservers = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
            RecordIds = new Dictionary<string, string> { ["A @"] = "r1" },
            InstanceId = "abc",
        });
        await _sites.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.HostingSite,
            Outcome = StepOutcome.Failed,
            StatusHosting = HostingStatus.Failed,
            ErrorMessage = "clpctl failed",
            RecordIds = new Dictionary<string, string> { ["CNAME www"] = "r2" },
            SiteUser = "example-com",
            HostingDocRoot = "/home/example-com/htdocs/example.com",
            MatomoSiteId = 7,
        });

        var stored = (await _sites.GetAsync(site.Id))!;
        Assert.Equal("023e105f4ecef8ad9ca31a8372d0c353", stored.CloudflareZoneId);
        Assert.Equal(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"], stored.AssignedNameservers);
        Assert.Equal(new Dictionary<string, string> { ["A @"] = "r1", ["CNAME www"] = "r2" }, stored.RecordIds);
        Assert.Equal(HostingStatus.Failed, stored.StatusHosting);
        Assert.Equal(DnsStatus.Pending, stored.StatusDns);
        Assert.Equal("clpctl failed", stored.ErrorMessage);
        Assert.Equal("example-com", stored.SiteUser);
        Assert.Equal(7, stored.MatomoSiteId);
        Assert.Equal("abc", stored.InstanceId);

        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.HostingSite, Outcome = StepOutcome.Succeeded, StatusHosting = HostingStatus.Active, ErrorMessage = "" });
        stored = (await _sites.GetAsync(site.Id))!;
        Assert.Null(stored.ErrorMessage);
        Assert.Equal(HostingStatus.Active, stored.StatusHosting);

        var events = await new SiteEventLog(_db.DataSource).ListForSiteAsync(site.Id);
        Assert.Equal([SiteStep.HostingSite, SiteStep.HostingSite, SiteStep.Zone, SiteStep.Registered], events.Select(e => e.Step));
        Assert.Equal("workflow:abc", events[2].Actor);
    }

    [Fact]
    public async Task RecordStepAsync_UnknownSite_ThrowsKeyNotFoundAndWritesNoEvent()
    {
        var before = await CountAsync("site_events");

        await Assert.ThrowsAnyAsync<KeyNotFoundException>(() =>
            _sites.RecordStepAsync(new SiteStepUpdate { SiteId = Guid.NewGuid(), Step = SiteStep.Zone, Outcome = StepOutcome.Started }));

        Assert.Equal(before, await CountAsync("site_events"));
    }

    [Fact]
    public async Task RecordStepAsync_ContentTokens_AddUpAcrossRuns()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        Assert.Equal(0, site.ContentTokens);

        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Content, Outcome = StepOutcome.Succeeded, ContentTokens = 1200 });
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Content, Outcome = StepOutcome.Info, ContentTokens = 345 });
        await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Deploy, Outcome = StepOutcome.Succeeded });

        Assert.Equal(1545, (await _sites.GetAsync(site.Id))!.ContentTokens);
    }

    [Theory]
    [InlineData("site_user", "Bad User")]
    [InlineData("hosting_doc_root", "/home/x/../../etc")]
    [InlineData("cloudflare_zone_id", "not-a-zone")]
    [InlineData("content_tokens", "-5")]
    public async Task RecordStepAsync_InvalidValue_ThrowsValidationAndWritesNothing(string field, string value)
    {
        var site = await _sites.CreateAsync(TestData.Site());
        var update = new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.HostingSite, Outcome = StepOutcome.Succeeded, StatusHosting = HostingStatus.Active };
        update = field switch
        {
            "site_user" => update with { SiteUser = value },
            "hosting_doc_root" => update with { HostingDocRoot = value },
            "content_tokens" => update with { ContentTokens = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => update with { CloudflareZoneId = value },
        };

        var e = await Assert.ThrowsAsync<EntityValidationException>(() => _sites.RecordStepAsync(update));

        Assert.Contains(e.Errors, f => f.Field == field);
        Assert.Equal(HostingStatus.Pending, (await _sites.GetAsync(site.Id))!.StatusHosting);
        Assert.Equal(1, await CountAsync("site_events", $"site_id = '{site.Id}'"));
    }

    [Fact]
    public async Task RecordStepAsync_SecretLookingMessage_IsRedacted()
    {
        var site = await _sites.CreateAsync(TestData.Site());
        const string token = "Yx3kP9qLm2Vb7Nc4Rt8Wz1Hs6Jd0Fg5Ua2Ee3Qo";

        await _sites.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Zone,
            Outcome = StepOutcome.Failed,
            StatusDns = DnsStatus.Failed,
            Message = "HTTP 403 with Authorization: Bearer " + token,
            ErrorMessage = "token=" + token,
        });

        Assert.Equal(0, await CountAsync("site_events", $"message LIKE '%{token}%'"));
        Assert.DoesNotContain(token, (await _sites.GetAsync(site.Id))!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordStepAsync_EveryStepAndOutcome_IsAcceptedByTheSchema()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        foreach (var step in Enum.GetValues<SiteStep>())
        {
            foreach (var outcome in Enum.GetValues<StepOutcome>())
            {
                await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = step, Outcome = outcome });
            }
        }

        foreach (var s in Enum.GetValues<ContentStatus>())
        {
            await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Content, Outcome = StepOutcome.Info, StatusContent = s });
        }

        foreach (var s in Enum.GetValues<DeploymentStatus>())
        {
            await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.Deploy, Outcome = StepOutcome.Info, StatusDeployment = s });
        }

        foreach (var s in Enum.GetValues<GscVerificationStatus>())
        {
            await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = SiteStep.SearchConsole, Outcome = StepOutcome.Info, GscVerificationStatus = s });
        }

        var events = await new SiteEventLog(_db.DataSource).ListForSiteAsync(site.Id, 1000);
        Assert.Contains(events, e => e.Step == SiteStep.SearchConsole && e.Outcome == StepOutcome.Warning);
        Assert.Contains(events, e => e.Step == SiteStep.HostingSite);
    }

    [Fact]
    public async Task SiteEventLog_PagesBackAndFeedsForward()
    {
        var log = new SiteEventLog(_db.DataSource);
        var site = await _sites.CreateAsync(TestData.Site());
        var mark = (await log.ListForSiteAsync(site.Id)).Single().Id;
        foreach (var step in new[] { SiteStep.Zone, SiteStep.Records, SiteStep.Nameservers })
        {
            await _sites.RecordStepAsync(new SiteStepUpdate { SiteId = site.Id, Step = step, Outcome = StepOutcome.Succeeded });
        }

        var newest = await log.ListForSiteAsync(site.Id, limit: 2);
        var older = await log.ListForSiteAsync(site.Id, limit: 2, beforeId: newest[^1].Id);
        var feed = (await log.ListSinceAsync(mark, 1000)).Where(e => e.SiteId == site.Id).ToList();

        Assert.Equal([SiteStep.Nameservers, SiteStep.Records], newest.Select(e => e.Step));
        Assert.Equal([SiteStep.Zone, SiteStep.Registered], older.Select(e => e.Step));
        Assert.Equal([SiteStep.Zone, SiteStep.Records, SiteStep.Nameservers], feed.Select(e => e.Step));
        Assert.All(feed, e => Assert.True(e.Id > mark));
        await Assert.ThrowsAsync<EntityValidationException>(() => log.ListSinceAsync(0, limit: 0));
    }

    [Fact]
    public async Task SiteEvents_UpdateDeleteTruncate_AreRefused()
    {
        var site = await _sites.CreateAsync(TestData.Site());

        foreach (var sql in new[]
        {
            $"UPDATE wf.site_events SET message = 'x' WHERE site_id = '{site.Id}'",
            $"DELETE FROM wf.site_events WHERE site_id = '{site.Id}'",
            "TRUNCATE wf.site_events",
        })
        {
            await using var cmd = _db.DataSource.CreateCommand(sql);
            var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountAsync("site_events", $"site_id = '{site.Id}'"));
    }
}
