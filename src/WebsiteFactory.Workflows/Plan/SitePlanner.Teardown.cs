using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Teardown;

namespace WebsiteFactory.Workflows.Plan;

/// <summary>
/// The teardown half, in teardown's order: Search Console → releases → CloudPanel site → Matomo → records → zone →
/// registrar nameservers. It skips what teardown skips, and reads the vendors to tell "would delete" from "already gone".
/// </summary>
public sealed partial class SitePlanner
{
    private async Task PlanTeardownAsync(Site site, Builder plan, CancellationToken ct)
    {
        var apex = site.Domain.Value;
        var teardown = _settings.Teardown ?? new TeardownSettings();

        plan.Add("search_console", PlanAction.NoOp, $"property sc-domain:{apex}", site.GscVerificationStatus == GscVerificationStatus.Verified ? "verified" : null, null,
            site.GscAccountId is null || site.GscVerificationStatus != GscVerificationStatus.Verified
                ? "No verified property; nothing to remove."
                : "Left in place: removal is not supported (remove it in Search Console if wanted).");

        await PlanHostingTeardownAsync(site, plan, ct).ConfigureAwait(false);
        await PlanAnalyticsTeardownAsync(site, teardown, plan, ct).ConfigureAwait(false);
        await PlanDnsTeardownAsync(site, plan, ct).ConfigureAwait(false);

        var ns = site.AssignedNameservers.Count == 0 ? null : string.Join(", ", site.AssignedNameservers);
        var registrarName = site.RegistrarAccountId is null
            ? "registrar"
            : (await ReadAsync(plan, "registrar", () => lookups.RegistrarAccountAsync(site, ct)).ConfigureAwait(false)).Value?.Provider.ToString().ToLowerInvariant() ?? "registrar";
        plan.Add(registrarName, PlanAction.NoOp, $"nameservers {site.Domain.RegistrableDomain}", ns, null, teardown.RestoreRegistrarNameservers
            ? "Left as they are: restoring the registrar's defaults is not supported yet; change them at the registrar."
            : "Left as they are (Provisioning:Teardown:RestoreRegistrarNameservers is off).");
    }

    private async Task PlanHostingTeardownAsync(Site site, Builder plan, CancellationToken ct)
    {
        var resource = $"site {site.Domain}";
        if (site.ServerId is null || (site.HostingDocRoot is null && site.StatusHosting != HostingStatus.Active))
        {
            plan.Add("cloudpanel", PlanAction.NoOp, resource, null, null, "No site was recorded; teardown skips it.");
            return;
        }

        var (ok, hosted) = await ReadAsync(plan, "cloudpanel", async () =>
        {
            var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
            return (Server: server.Name, Site: await cloudPanel.FindSiteAsync(server, site.Domain, ct).ConfigureAwait(false));
        }).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        if (hosted.Site is null)
        {
            plan.Add("cloudpanel", PlanAction.NoOp, resource, null, null, $"Already gone from {hosted.Server}.");
            return;
        }

        var deployed = site.StatusDeployment != DeploymentStatus.Pending;
        plan.Add("cloudpanel", PlanAction.Delete, resource, $"{hosted.Site.DocRoot} on {hosted.Server}", null,
            deployed ? "clpctl site:delete: the site user, its home with the deployed releases, and the certificate go with it." : "clpctl site:delete: the site user, its home and the certificate go with it.");
    }

    private async Task PlanAnalyticsTeardownAsync(Site site, TeardownSettings teardown, Builder plan, CancellationToken ct)
    {
        var resource = $"site https://{site.Domain}";
        var id = site.MatomoSiteId;
        if (id is null && site.AnalyticsStatus != AnalyticsStatus.Skipped && site.StatusHosting != HostingStatus.Pending)
        {
            var (ok, found) = await ReadAsync(plan, "matomo", () => matomo.FindSiteIdAsync(site.Domain, ct)).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            id = found;
        }

        if (id is not { } siteId)
        {
            plan.Add("matomo", PlanAction.NoOp, resource, null, null, "No Matomo site was created; teardown skips it.");
        }
        else if (teardown.KeepAnalytics)
        {
            plan.Add("matomo", PlanAction.NoOp, resource, $"site {siteId.ToString(CultureInfo.InvariantCulture)}", null, "Kept with its history (Provisioning:Teardown:KeepAnalytics).");
        }
        else
        {
            plan.Add("matomo", PlanAction.Delete, resource, $"site {siteId.ToString(CultureInfo.InvariantCulture)}", null, "Deleted with its visit data.");
        }
    }

    private async Task PlanDnsTeardownAsync(Site site, Builder plan, CancellationToken ct)
    {
        var zoneName = DomainName.Parse(site.Domain.RegistrableDomain, CultureInfo.InvariantCulture);
        if (site.CloudflareAccountId is null)
        {
            plan.Add("cloudflare", PlanAction.NoOp, $"zone {zoneName}", null, null, "The site has no Cloudflare account; no zone to remove.");
            return;
        }

        var (ok, cf) = await ReadAsync(plan, "cloudflare", async () =>
        {
            var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
            var zone = await cloudflare.FindZoneAsync(account, zoneName, ct).ConfigureAwait(false);

            // Only a zone teardown would delete: the recorded one (found by name with the same id), or, with none recorded,
            // the one of that name in the site's account.
            var target = zone is not null && (site.CloudflareZoneId is null || site.CloudflareZoneId == zone.Id) ? zone : null;
            var records = target is null || site.RecordIds.Count == 0 ? [] : await cloudflare.ListRecordsAsync(account, target.Id, cancellationToken: ct).ConfigureAwait(false);
            return (Zone: target, Records: records);
        }).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        if (site.CloudflareZoneId is null || site.RecordIds.Count == 0)
        {
            plan.Add("cloudflare", PlanAction.NoOp, "records", null, null, "No records were recorded; teardown skips them.");
        }
        else
        {
            foreach (var (key, recordId) in site.RecordIds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var record = cf.Records.FirstOrDefault(r => r.Id == recordId);
                if (record is null)
                {
                    plan.Add("cloudflare", PlanAction.NoOp, $"record {key} ({recordId})", null, null, "Already gone.");
                }
                else
                {
                    plan.Add("cloudflare", PlanAction.Delete, $"{record.Type} {record.Name}", record.Content, null, $"The record provisioning created ({key}).");
                }
            }
        }

        if (cf.Zone is null)
        {
            plan.Add("cloudflare", PlanAction.NoOp, $"zone {zoneName}", site.CloudflareZoneId, null,
                site.CloudflareZoneId is null ? "No zone was created; teardown skips it." : "Already gone.");
        }
        else
        {
            plan.Add("cloudflare", PlanAction.Delete, $"zone {zoneName}", $"{cf.Zone.Id} ({Lower(cf.Zone.Status)})", null, "The zone and every record left in it.");
        }
    }
}
