using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Teardown;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// TeardownSite on the embedded engine against the simulators, a real sshd running the clpctl stand-in, and real
/// PostgreSQL: what the simulators hold afterwards is the proof.
/// </summary>
public sealed class TeardownEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public async Task TeardownSite_FiveOfTenProvisioned_VendorsHoldExactlyTheOtherFive_SecondTeardownChangesNothing()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var sites = new List<Site>();
        for (var i = 0; i < 10; i++)
        {
            sites.Add(await h.AddSiteAsync($"fleet-{i}.com", spaceship: i % 2 == 1));
        }

        var batch = await h.RunAsync(ProvisionBatch.Name, new ProvisionBatchInput([.. sites.Select(s => s.Id)], ProvisioningHarness.FastSettings, MaxParallel: 5), "batch-10", seconds: 420);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, batch.RuntimeStatus);
        Assert.Equal(10, batch.ReadOutputAs<ProvisionBatchResult>()!.Succeeded);
        var gone = sites.Take(5).ToList();
        var kept = sites.Skip(5).ToList();
        AssertVendorsHoldExactly(h, sites);
        var docRoots = new List<string>();
        foreach (var site in gone)
        {
            docRoots.Add((await h.GetSiteAsync(site.Id)).HostingDocRoot!);
        }

        Assert.All(docRoots, d => Assert.True(Directory.Exists(d)));

        foreach (var results in new[] { await TearDownAsync(h, gone, "first"), await TearDownAsync(h, gone, "second") })
        {
            Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Orphans)));
            AssertVendorsHoldExactly(h, kept);
        }

        foreach (var site in gone)
        {
            var after = await h.GetSiteAsync(site.Id);
            Assert.Equal(SiteLifecycle.Deleted, after.Lifecycle); // soft delete: the row is still there
            Assert.True(string.IsNullOrEmpty(after.ErrorMessage));
            Assert.Null(after.CloudflareZoneId); // the deleted ids are forgotten (the events keep them)
            Assert.Null(after.MatomoSiteId);
            Assert.Empty(after.RecordIds);
            Assert.Equal(HostingStatus.Pending, after.StatusHosting);
        }

        Assert.All(docRoots, d => Assert.False(Directory.Exists(d))); // releases and doc root went with the site's home
        foreach (var site in kept)
        {
            var after = await h.GetSiteAsync(site.Id);
            Assert.Equal(SiteLifecycle.Active, after.Lifecycle);
            Assert.NotNull(after.CloudflareZoneId);
        }

        // The first run deleted with --force (no prompt); the second had nothing recorded left to delete.
        Assert.Equal(1, h.Clpctl.Calls.Count(c => c.StartsWith("site:delete", StringComparison.Ordinal) && c.Contains("--domainName=fleet-0.com", StringComparison.Ordinal) && c.Contains("--force", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TeardownSite_HalfProvisionedAndNeverProvisioned_SkipsWhatIsMissing_Deleted()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        h.Simulators.State.Namecheap.AddForeignDomain("half-done.com");
        var half = await h.AddSiteAsync("half-done.com");
        var fresh = await h.AddSiteAsync("never-run.com");
        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(half.Id, ProvisioningHarness.FastSettings), "provision-half");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus); // zone and records exist, the registrar refused
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountZones("half-done.com"));

        foreach (var site in new[] { half, fresh })
        {
            var result = await TearDownOneAsync(h, site, "t");
            Assert.True(result.Succeeded, string.Join("; ", result.Orphans));
            Assert.Equal(SiteLifecycle.Deleted, (await h.GetSiteAsync(site.Id)).Lifecycle);
        }

        Assert.Equal(0, h.Simulators.State.Cloudflare.CountZones());
        Assert.Empty(h.Clpctl.Calls);
        var events = await TeardownEventsAsync(h, fresh.Id);
        Assert.Contains(events, e => e.Outcome == StepOutcome.Info && e.Message!.Contains("no zone was created", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Outcome == StepOutcome.Info && e.Message!.Contains("CloudPanel: no site was created", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Outcome == StepOutcome.Failed);
    }

    [Fact]
    public async Task TeardownSite_MatomoDown_OtherStepsDone_SiteInErrorWithNamedOrphan()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var keep = await h.AddSiteAsync("stays.com"); // Matomo refuses to delete its only site; this one keeps it from being the only one
        var site = await h.AddSiteAsync("matomo-down.com");
        foreach (var s in new[] { keep, site })
        {
            var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(s.Id, ProvisioningHarness.FastSettings), $"provision-{s.Domain}");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        }

        var matomoId = (await h.GetSiteAsync(site.Id)).MatomoSiteId;
        h.Simulators.State.Matomo.FailNextCalls(10_000, "SitesManager.deleteSite");

        var result = await TearDownOneAsync(h, site, "down");

        Assert.False(result.Succeeded);
        var orphan = Assert.Single(result.Orphans);
        Assert.Contains($"Matomo site {matomoId}", orphan, StringComparison.Ordinal);
        Assert.Equal(2, h.Simulators.State.Matomo.CountSites());
        Assert.Equal(0, h.Simulators.State.Cloudflare.CountZones("matomo-down.com"));
        Assert.Equal(["stays.com"], HostedDomains(h));
        var after = await h.GetSiteAsync(site.Id);
        Assert.Equal(SiteLifecycle.Error, after.Lifecycle);
        Assert.Equal(matomoId, after.MatomoSiteId); // kept, so the next teardown finds the orphan
        Assert.Contains($"Matomo site {matomoId}", after.ErrorMessage, StringComparison.Ordinal);
        var failed = (await TeardownEventsAsync(h, site.Id)).Where(e => e.Outcome == StepOutcome.Failed).ToList();
        Assert.Contains(failed, e => e.Message!.Contains("step analytics failed; orphan left: Matomo site", StringComparison.Ordinal));

        // Once Matomo is back, running the teardown again finishes it.
        h.Simulators.State.Matomo.FailNextCalls(0);
        var again = await TearDownOneAsync(h, site, "again");
        Assert.True(again.Succeeded, string.Join("; ", again.Orphans));
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites());
        Assert.Equal(SiteLifecycle.Deleted, (await h.GetSiteAsync(site.Id)).Lifecycle);

        // A torn-down site can be provisioned again: it is active again with a new zone.
        var back = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(site.Id, ProvisioningHarness.FastSettings), "provision-again");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, back.RuntimeStatus);
        var reborn = await h.GetSiteAsync(site.Id);
        Assert.Equal(SiteLifecycle.Active, reborn.Lifecycle);
        Assert.Equal(HostingStatus.Active, reborn.StatusHosting);
        Assert.Equal(AnalyticsStatus.Ok, reborn.AnalyticsStatus);
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites("https://matomo-down.com"));
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountZones("matomo-down.com"));
        Assert.Equal(2, h.Simulators.State.Matomo.CountSites());
        Assert.Contains("matomo-down.com", h.Clpctl.Certificates);
    }

    [Fact]
    public async Task TeardownSite_VerifiedSearchConsoleProperty_KeptByDefault_RemovedWhenAsked_SecondRunAlreadyGone()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var gsc = h.Simulators.Content.SearchConsole;
        const string user = Simulators.Content.ContentSimulators.GoogleUser;
        var kept = await h.AddSiteAsync("gsc-kept.com", niche: "tea");
        var gone = await h.AddSiteAsync("gsc-gone.com", niche: "tea");
        foreach (var site in new[] { kept, gone })
        {
            // As publishing leaves it: the domain verified and its property added for the site's Search Console account.
            gsc.SeedVerifiedDomain(user, site.Domain.Value, new DateOnly(2026, 1, 1));
            await h.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id, Step = SiteStep.SearchConsole, Outcome = StepOutcome.Succeeded, Actor = "test", GscVerificationStatus = GscVerificationStatus.Verified,
            });
        }

        var keptResult = await TearDownOneAsync(h, kept, "default");
        Assert.True(keptResult.Succeeded, string.Join("; ", keptResult.Orphans));
        Assert.True(gsc.HasProperty(user, "sc-domain:gsc-kept.com"));
        Assert.Contains(await TeardownEventsAsync(h, kept.Id), e => e.Message!.Contains("sc-domain:gsc-kept.com left in place", StringComparison.Ordinal));

        var remove = ProvisioningHarness.FastSettings with { Teardown = new TeardownSettings { RemoveSearchConsoleProperty = true } };
        foreach (var run in new[] { "remove-1", "remove-2" })
        {
            var id = $"{SiteInstanceIds.Teardown(gone.Domain.Value)}-{run}";
            var done = await h.RunAsync(TeardownSite.Name, new TeardownSiteInput(gone.Id, remove), id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.True(done.ReadOutputAs<TeardownSiteResult>()!.Succeeded);
            Assert.False(gsc.HasProperty(user, "sc-domain:gsc-gone.com"));
        }

        Assert.Equal(1, gsc.DeletedProperties); // the second run found it gone (404) and called that success
        Assert.True(gsc.HasProperty(user, "sc-domain:gsc-kept.com"));
        var events = await TeardownEventsAsync(h, gone.Id);
        Assert.Contains(events, e => e.Outcome == StepOutcome.Succeeded && e.Message!.Contains("sc-domain:gsc-gone.com removed", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message!.Contains("sc-domain:gsc-gone.com was already gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeardownSite_RestoreRegistrarNameservers_NamecheapAndSpaceshipBackOnDefaults_LeftByDefault()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var left = await h.AddSiteAsync("ns-left.com");
        var namecheap = await h.AddSiteAsync("ns-namecheap.com");
        var spaceship = await h.AddSiteAsync("ns-spaceship.com", spaceship: true);
        foreach (var s in new[] { left, namecheap, spaceship })
        {
            var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(s.Id, ProvisioningHarness.FastSettings), $"provision-{s.Domain}");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
            Assert.True(h.Simulators.State.Delegations.Get(s.Domain.Value)!.IsCustom);
        }

        var leftResult = await TearDownOneAsync(h, left, "left");
        Assert.True(leftResult.Succeeded, string.Join("; ", leftResult.Orphans));
        var restore = ProvisioningHarness.FastSettings with { Teardown = new TeardownSettings { RestoreRegistrarNameservers = true, KeepAnalytics = true } }; // Matomo refuses to delete its last site
        foreach (var (site, defaults) in new[] { (namecheap, Simulators.Delegations.NamecheapDefault), (spaceship, Simulators.Delegations.SpaceshipDefault) })
        {
            foreach (var run in new[] { "restore-1", "restore-2" }) // the second run finds the defaults in place: still success
            {
                var done = await h.RunAsync(TeardownSite.Name, new TeardownSiteInput(site.Id, restore), $"{SiteInstanceIds.Teardown(site.Domain.Value)}-{run}");
                var result = done.ReadOutputAs<TeardownSiteResult>()!;
                Assert.True(result.Succeeded, $"{run} of {site.Domain}: {string.Join("; ", result.Orphans)}");
            }

            var delegation = h.Simulators.State.Delegations.Get(site.Domain.Value)!;
            Assert.False(delegation.IsCustom);
            Assert.Equal(defaults, delegation.NameServers);
            Assert.Contains(await TeardownEventsAsync(h, site.Id), e => e.Outcome == StepOutcome.Succeeded && e.Message!.Contains("restored to", StringComparison.Ordinal));
        }

        Assert.True(h.Simulators.State.Delegations.Get("ns-left.com")!.IsCustom); // left as it was: the default choice
    }

    private static void AssertVendorsHoldExactly(ProvisioningHarness h, List<Site> sites)
    {
        var cf = h.Simulators.State.Cloudflare;
        Assert.Equal(sites.Count, cf.CountZones());
        Assert.Equal(sites.Count, h.Simulators.State.Matomo.CountSites());
        Assert.Equal(sites.Select(s => s.Domain.Value).Order(StringComparer.Ordinal), HostedDomains(h).Order(StringComparer.Ordinal));
        Assert.Equal(sites.Select(s => s.Domain.Value).Order(StringComparer.Ordinal), h.Clpctl.Certificates.Order(StringComparer.Ordinal));
        foreach (var site in sites)
        {
            var domain = site.Domain.Value;
            Assert.Equal(1, cf.CountZones(domain));
            Assert.Equal(1, cf.CountRecords(domain, "A", domain));
            Assert.Equal(1, cf.CountRecords(domain, "CNAME", $"www.{domain}"));
            Assert.Equal(1, h.Simulators.State.Matomo.CountSites($"https://{domain}"));
        }
    }

    private static List<string> HostedDomains(ProvisioningHarness h) => [.. h.Clpctl.Sites.Select(line => line.Split(' ')[0])];

    private static async Task<List<TeardownSiteResult>> TearDownAsync(ProvisioningHarness h, IEnumerable<Site> sites, string run)
    {
        var ids = new List<string>();
        foreach (var site in sites)
        {
            var id = $"{SiteInstanceIds.Teardown(site.Domain.Value)}-{run}";
            await h.Client.ScheduleNewOrchestrationInstanceAsync(TeardownSite.Name, new TeardownSiteInput(site.Id, ProvisioningHarness.FastSettings), new Microsoft.DurableTask.StartOrchestrationOptions(id));
            ids.Add(id);
        }

        var results = new List<TeardownSiteResult>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        foreach (var id in ids)
        {
            var done = await h.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            results.Add(done.ReadOutputAs<TeardownSiteResult>()!);
        }

        return results;
    }

    private static async Task<TeardownSiteResult> TearDownOneAsync(ProvisioningHarness h, Site site, string run) => Assert.Single(await TearDownAsync(h, [site], run));

    private static async Task<List<SiteEvent>> TeardownEventsAsync(ProvisioningHarness h, Guid siteId) =>
        [.. (await h.Services.GetRequiredService<ISiteEventLog>().ListForSiteAsync(siteId, 500)).Where(e => e.Step == SiteStep.Teardown)];
}
