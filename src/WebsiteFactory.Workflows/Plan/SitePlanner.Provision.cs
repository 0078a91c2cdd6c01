using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Plan;

/// <summary>The provisioning half: zone → records → registrar nameservers → CloudPanel site and certificate → Matomo → publish.</summary>
public sealed partial class SitePlanner
{
    private const string UnknownNameservers = "unknown until the zone exists (Cloudflare assigns them)";

    private async Task PlanProvisionAsync(Site site, Builder plan, CancellationToken ct)
    {
        var apex = site.Domain.Value;
        var zoneName = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);

        // Cloudflare: the zone, then the records the pipeline writes (compared with what the zone holds).
        var (cfOk, cf) = await ReadAsync(plan, "cloudflare", async () =>
        {
            var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
            var zone = await cloudflare.FindZoneAsync(account, zoneName, ct).ConfigureAwait(false);
            var records = zone is null ? [] : await cloudflare.ListRecordsAsync(account, zone.Id, cancellationToken: ct).ConfigureAwait(false);
            return (Zone: zone, Records: records);
        }).ConfigureAwait(false);
        var zone = cf.Zone;
        if (cfOk)
        {
            if (zone is null)
            {
                plan.Add("cloudflare", PlanAction.Create, $"zone {zoneName}", null, "type full", "No zone of that name in the site's account; Cloudflare assigns its nameservers when it is created.");
            }
            else
            {
                plan.Add("cloudflare", PlanAction.NoOp, $"zone {zoneName}", $"{zone.Id} ({Lower(zone.Status)})", null, "The zone exists in the site's account.");
            }
        }

        var (serverOk, server) = await ReadAsync(plan, "cloudpanel", () => lookups.ServerAsync(site, ct)).ConfigureAwait(false);
        string? originIp = null;
        if (serverOk)
        {
            try
            {
                originIp = server!.GetARecordAddress().ToString();
            }
            catch (InvalidOperationException e)
            {
                plan.Errors.Add($"cloudflare: {e.Message}");
            }
        }

        if (cfOk && originIp is not null)
        {
            foreach (var spec in DesiredRecords.For(site, originIp, _settings))
            {
                PlanRecord(plan, spec, cf.Records);
            }
        }

        // Registrar: the nameservers on file against the zone's assigned ones (unknown while the zone does not exist).
        var (nsOk, ns) = await ReadAsync(plan, "registrar", async () =>
        {
            var account = await lookups.RegistrarAccountAsync(site, ct).ConfigureAwait(false);
            return (Provider: account.Provider.ToString().ToLowerInvariant(), Current: await registrar.GetNameserversAsync(account, zoneName, ct).ConfigureAwait(false));
        }).ConfigureAwait(false);
        if (nsOk)
        {
            var before = ns.Current.IsRegistrarDefault ? "registrar default" : string.Join(", ", ns.Current.Hosts);
            if (!cfOk)
            {
                plan.Add(ns.Provider, PlanAction.NoOp, "nameservers", before, null, "Not compared: the Cloudflare zone could not be read.");
            }
            else if (zone is null)
            {
                plan.Add(ns.Provider, PlanAction.Update, "nameservers", before, UnknownNameservers,
                    "The zone does not exist yet, so its nameservers are not known until provisioning creates it.");
            }
            else if (ns.Current.Matches(zone.NameServers))
            {
                plan.Add(ns.Provider, PlanAction.NoOp, "nameservers", before, null, "Already delegated to the zone's nameservers.");
            }
            else
            {
                plan.Add(ns.Provider, PlanAction.Update, "nameservers", before, string.Join(", ", zone.NameServers), "Delegate to the zone's assigned nameservers.");
            }
        }

        if (serverOk)
        {
            await PlanHostingAsync(site, server!, plan, ct).ConfigureAwait(false);
        }

        await PlanAnalyticsAsync(site, plan, ct).ConfigureAwait(false);

        if (_settings.Publish)
        {
            PlanPublish(site, plan, apex);
        }
    }

    /// <summary>One desired record against the zone's records, decided like <see cref="ICloudflareClient.UpsertRecordAsync"/>.</summary>
    private static void PlanRecord(Builder plan, DnsRecordSpec spec, IReadOnlyList<DnsRecord> existing)
    {
        var resource = $"{spec.Type} {spec.Name}";
        var wantedTtl = spec.Proxied ? 1 : spec.Ttl;
        var after = Describe(spec.Content, wantedTtl, spec.Proxied);
        var same = existing.Where(r => r.Type.Equals(spec.Type, StringComparison.OrdinalIgnoreCase) && r.Name.Equals(spec.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var equal = same.FirstOrDefault(r => r.Content.Equals(spec.Content, StringComparison.OrdinalIgnoreCase) && r.Proxied == spec.Proxied && r.Ttl == wantedTtl);
        if (equal is not null)
        {
            plan.Add("cloudflare", PlanAction.NoOp, resource, after, null, "The record already holds this value.");
        }
        else if (same.Count == 0 || spec.IsMultiValued)
        {
            plan.Add("cloudflare", PlanAction.Create, resource, null, after, "No such record in the zone.");
        }
        else
        {
            var current = same[0];
            plan.Add("cloudflare", PlanAction.Update, resource, Describe(current.Content, current.Ttl, current.Proxied), after, "The record differs from what provisioning writes.");
        }
    }

    private async Task PlanHostingAsync(Site site, HostingServer server, Builder plan, CancellationToken ct)
    {
        var (ok, hosted) = await ReadAsync(plan, "cloudpanel", () => cloudPanel.FindSiteAsync(server, site.Domain, ct)).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        var user = site.SiteUser is { } stored ? stored : SiteUser.FromDomain(site.Domain).Value;
        var certificate = $"certificate {site.Domain}";
        if (hosted is null)
        {
            plan.Add("cloudpanel", PlanAction.Create, $"site {site.Domain}", null, $"static site, user {user} on {server.Name}", "No site of that domain on the server.");
            plan.Add("cloudpanel", PlanAction.Create, certificate, null, $"Let's Encrypt for {site.Domain} and www.{site.Domain}",
                "Ordered once the A record resolves to the server.");
            return;
        }

        if (!string.Equals(hosted.SiteUser, user, StringComparison.Ordinal))
        {
            plan.Errors.Add($"cloudpanel: {server.Name} holds {site.Domain} under user {hosted.SiteUser}, provisioning expects {user}; the hosting step would fail.");
        }

        plan.Add("cloudpanel", PlanAction.NoOp, $"site {site.Domain}", $"{hosted.DocRoot} on {server.Name}", null, "The site exists on the server.");
        if (site.StatusHosting == HostingStatus.Active)
        {
            plan.Add("cloudpanel", PlanAction.NoOp, certificate, hosted.CertificateDetail, null,
                hosted.CertificateValid ? "Installed." : "Recorded as installed, so provisioning orders none (renewal is CloudPanel's).");
        }
        else if (hosted.CertificateValid)
        {
            plan.Add("cloudpanel", PlanAction.NoOp, certificate, hosted.CertificateDetail, null, "A valid certificate is already served; none is ordered.");
        }
        else
        {
            plan.Add("cloudpanel", PlanAction.Update, certificate, hosted.CertificateDetail, $"Let's Encrypt for {site.Domain} and www.{site.Domain}",
                "Ordered once the A record resolves to the server.");
        }
    }

    private async Task PlanAnalyticsAsync(Site site, Builder plan, CancellationToken ct)
    {
        var resource = $"site https://{site.Domain}";
        if (_settings.SkipAnalytics)
        {
            plan.Add("matomo", PlanAction.NoOp, resource, null, null, "Skipped (Provisioning:SkipAnalytics).");
            return;
        }

        if (site.MatomoSiteId is { } recorded)
        {
            plan.Add("matomo", PlanAction.NoOp, resource, $"site {recorded.ToString(CultureInfo.InvariantCulture)}", null, "Recorded on the site; provisioning makes no Matomo call.");
            return;
        }

        var (ok, id) = await ReadAsync(plan, "matomo", () => matomo.FindSiteIdAsync(site.Domain, ct)).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        if (id is { } found)
        {
            plan.Add("matomo", PlanAction.NoOp, resource, $"site {found.ToString(CultureInfo.InvariantCulture)}", null, "Matomo already tracks the domain; provisioning adopts that site.");
        }
        else
        {
            plan.Add("matomo", PlanAction.Create, resource, null, $"urls https://{site.Domain}, https://www.{site.Domain}", "No Matomo site tracks the domain.");
        }
    }

    /// <summary>Content, build/deploy and Search Console, from the recorded statuses (see the class remarks).</summary>
    private static void PlanPublish(Site site, Builder plan, string apex)
    {
        if (site.StatusContent == ContentStatus.Generated)
        {
            plan.Add("content", PlanAction.NoOp, "pages", "generated", null, "Content exists; only missing pages are generated.");
        }
        else
        {
            plan.Add("content", PlanAction.Create, "pages", null, "generated by the model, stored in Directus", $"Content is {Lower(site.StatusContent)}.");
        }

        plan.Add("deploy", site.StatusDeployment == DeploymentStatus.Deployed ? PlanAction.Update : PlanAction.Create, "release",
            site.StatusDeployment == DeploymentStatus.Deployed ? "current release" : null, "a new release built with Astro and deployed",
            "Every publish builds and deploys a release.");

        if (site.GscAccountId is null)
        {
            plan.Add("search_console", PlanAction.NoOp, $"property sc-domain:{apex}", null, null, "No Search Console account on the site; skipped.");
        }
        else if (site.GscVerificationStatus == GscVerificationStatus.Verified)
        {
            plan.Add("search_console", PlanAction.NoOp, $"property sc-domain:{apex}", "verified", null, "Already verified.");
        }
        else
        {
            plan.Add("search_console", PlanAction.Create, $"TXT {apex}", null, "google-site-verification=… (token issued by Google when publishing)", "The verification record.");
            plan.Add("search_console", PlanAction.Create, $"property sc-domain:{apex}", null, "verified domain property", "Verified by DNS, then added.");
        }
    }

    private static string Describe(string content, int ttl, bool proxied) =>
        $"{content} (ttl {(ttl == 1 ? "auto" : ttl.ToString(CultureInfo.InvariantCulture))}{(proxied ? ", proxied" : string.Empty)})";

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
