using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Testing.Sshd;
using WebsiteFactory.Workflows.Plan;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// The plan (<see cref="SitePlanner"/>) with the real adapters against the simulators and a real sshd running the clpctl
/// stand-in: the simulators' request log and the clpctl call log prove that it asks nothing but read operations, and its
/// entries are checked against what the vendors hold.
/// </summary>
public sealed partial class PlanEndToEndTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    /// <summary>
    /// The only requests a plan may send: Cloudflare GETs, the registrars' reads, Matomo's URL look-up. Everything else
    /// (Cloudflare POST/PATCH/PUT/DELETE, Namecheap setCustom/setDefault, Spaceship PUT, Matomo addSite/deleteSite, any
    /// Google, model or Directus request) fails the test.
    /// </summary>
    [GeneratedRegex(@"^(GET /cloudflare/.*|POST /namecheap/\S* namecheap\.domains\.dns\.getList|GET /spaceship/.*|POST /matomo/\S* SitesManager\.getSitesIdFromSiteUrl)$")]
    private static partial Regex ReadOnlyRequest();

    [Fact]
    public async Task Plan_TwentyFivePendingSites_NoMutatingCall_ListsEveryChange()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var sites = new List<Site>();
        for (var i = 0; i < 25; i++)
        {
            sites.Add(await h.AddSiteAsync($"plan-{i:00}.com", spaceship: i % 2 == 1, niche: i % 5 == 0 ? "gardening" : null));
        }

        h.Simulators.State.Requests.Clear();
        var clpctlBefore = h.Clpctl.Calls.Count;
        var settings = ProvisioningHarness.FastSettings with { Publish = true };

        var report = await Planner(h, settings).PlanAsync(sites, PlanMode.Provision);

        // Zero mutating calls: every request the simulators received is a read, and clpctl never ran.
        var requests = h.Simulators.State.Requests.Entries;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Matches(ReadOnlyRequest(), r));
        Assert.Equal(25, requests.Count(r => r.StartsWith("GET /cloudflare/", StringComparison.Ordinal) && r.Contains("/zones", StringComparison.Ordinal)));
        Assert.Equal(13, requests.Count(r => r.EndsWith("getList", StringComparison.Ordinal)));
        Assert.Equal(25, requests.Count(r => r.EndsWith("getSitesIdFromSiteUrl", StringComparison.Ordinal)));
        Assert.Equal(clpctlBefore, h.Clpctl.Calls.Count);
        Assert.Equal(0, h.Simulators.State.Cloudflare.CountZones());
        Assert.Equal(0, h.Simulators.State.Matomo.CountSites());
        Assert.Empty(h.Clpctl.Sites);
        foreach (var site in sites)
        {
            var after = await h.GetSiteAsync(site.Id);
            Assert.Equal((DnsStatus.Pending, HostingStatus.Pending, (string?)null), (after.StatusDns, after.StatusHosting, after.CloudflareZoneId));
        }

        // Every change listed: per site the zone, both records, the delegation (its target unknown), the CloudPanel site and
        // certificate, the Matomo site, content, a release, and Search Console for the sites with an account.
        Assert.Equal(PlanMode.Provision, report.Mode);
        Assert.Equal(sites.Select(s => s.Domain.Value), report.Sites.Select(s => s.Domain));
        Assert.All(report.Sites, s => Assert.Empty(s.Errors));
        var ip = "127.0.0.1";
        foreach (var plan in report.Sites)
        {
            var d = plan.Domain;
            var i = int.Parse(d[5..7], CultureInfo.InvariantCulture);
            var registrar = i % 2 == 1 ? "spaceship" : "namecheap";
            var expected = new List<(string Vendor, PlanAction Action, string Resource)>
            {
                ("cloudflare", PlanAction.Create, $"zone {d}"),
                ("cloudflare", PlanAction.Create, $"A {d}"),
                ("cloudflare", PlanAction.Create, $"CNAME www.{d}"),
                (registrar, PlanAction.Update, "nameservers"),
                ("cloudpanel", PlanAction.Create, $"site {d}"),
                ("cloudpanel", PlanAction.Create, $"certificate {d}"),
                ("matomo", PlanAction.Create, $"site https://{d}"),
                ("content", PlanAction.Create, "pages"),
                ("deploy", PlanAction.Create, "release"),
            };
            expected.AddRange(i % 5 == 0
                ? [("search_console", PlanAction.Create, $"TXT {d}"), ("search_console", PlanAction.Create, $"property sc-domain:{d}")]
                : [("search_console", PlanAction.NoOp, $"property sc-domain:{d}")]);
            Assert.Equal(expected, plan.Changes.Select(c => (c.Vendor, c.Action, c.Resource)));
            Assert.Equal($"{ip} (ttl auto)", plan.Changes.Single(c => c.Resource == $"A {d}").After);
            Assert.Equal($"{d} (ttl auto)", plan.Changes.Single(c => c.Resource == $"CNAME www.{d}").After);
            var ns = plan.Changes.Single(c => c.Resource == "nameservers");
            Assert.Contains("unknown", ns.Detail + ns.After, StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(ns.Before);
            Assert.All(plan.Changes, c => Assert.Equal(d, c.Site));
        }

        Assert.True(report.HasChanges);
        Assert.Equal(25 * 9 + 5 * 2, report.Creates + report.Updates);
        Assert.Equal(0, report.Deletes);
    }

    [Fact]
    public async Task Plan_OneProvisionedWithDriftedRecord_OnePending_NoOpsUpdateAndCreates_TeardownListsDeletes()
    {
        await using var h = await ProvisioningHarness.StartAsync(sshd.Server);
        var done = await h.AddSiteAsync("plan-done.com");
        var fresh = await h.AddSiteAsync("plan-fresh.com", spaceship: true);
        var run = await h.RunAsync(ProvisionSite.Name, new ProvisionSiteInput(done.Id, ProvisioningHarness.FastSettings), "plan-provision");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        done = await h.GetSiteAsync(done.Id);

        // Someone points the apex somewhere else by hand.
        var account = (await h.Services.GetRequiredService<ICloudflareAccountRepository>().GetAsync(h.CloudflareAccountId))!;
        await h.Services.GetRequiredService<ICloudflareClient>().UpsertRecordAsync(account, done.CloudflareZoneId!, new DnsRecordSpec("A", "plan-done.com", "198.51.100.7"));
        h.Simulators.State.Requests.Clear();
        var clpctlBefore = h.Clpctl.Calls.Count;
        var planner = Planner(h, ProvisioningHarness.FastSettings);

        var provision = await planner.PlanAsync([done, fresh], PlanMode.Provision);
        var teardown = await planner.PlanAsync([done, fresh], PlanMode.Teardown);

        Assert.All(h.Simulators.State.Requests.Entries, r => Assert.Matches(ReadOnlyRequest(), r));
        Assert.Equal(clpctlBefore, h.Clpctl.Calls.Count);
        Assert.Equal(1, h.Simulators.State.Cloudflare.CountZones());
        Assert.Equal(1, h.Simulators.State.Matomo.CountSites());

        var provisioned = provision.Sites[0];
        Assert.Empty(provisioned.Errors);
        var drifted = Assert.Single(provisioned.Changes, c => c.Action != PlanAction.NoOp);
        Assert.Equal(("cloudflare", PlanAction.Update, "A plan-done.com"), (drifted.Vendor, drifted.Action, drifted.Resource));
        Assert.Equal("198.51.100.7 (ttl auto)", drifted.Before);
        Assert.Equal("127.0.0.1 (ttl auto)", drifted.After);
        Assert.Equal(
            ["zone plan-done.com", "CNAME www.plan-done.com", "nameservers", "site plan-done.com", "certificate plan-done.com", "site https://plan-done.com"],
            provisioned.Changes.Where(c => c.Action == PlanAction.NoOp).Select(c => c.Resource));
        Assert.All(provision.Sites[1].Changes, c => Assert.Equal(c.Resource == "nameservers" ? PlanAction.Update : PlanAction.Create, c.Action));
        Assert.Equal(7, provision.Sites[1].Changes.Count);

        var gone = teardown.Sites[0];
        Assert.Empty(gone.Errors);
        Assert.Equal(
            [("cloudpanel", "site plan-done.com"), ("matomo", "site https://plan-done.com"), ("cloudflare", "A plan-done.com"), ("cloudflare", "CNAME www.plan-done.com"), ("cloudflare", "zone plan-done.com")],
            gone.Changes.Where(c => c.Action == PlanAction.Delete).Select(c => (c.Vendor, c.Resource)));
        Assert.Equal($"site {done.MatomoSiteId}", gone.Changes.Single(c => c.Vendor == "matomo").Before);
        Assert.Contains(gone.Changes, c => c is { Vendor: "namecheap", Action: PlanAction.NoOp } && c.Resource == "nameservers plan-done.com"); // left as they are
        Assert.False(teardown.Sites[1].HasChanges); // never provisioned: teardown would skip everything
        Assert.Equal(5, teardown.Deletes); // CloudPanel site, Matomo site, 2 records, zone
    }

    private static SitePlanner Planner(ProvisioningHarness h, ProvisionSettings settings) =>
        ActivatorUtilities.CreateInstance<SitePlanner>(h.Services, settings);
}
