using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Writes the teardown's audit trail: one <c>teardown</c> event per step, and the orphan each failed step left.</summary>
internal static class TeardownEvents
{
    /// <summary>Appends a <c>teardown</c> event (and the non-null site changes) in one transaction.</summary>
    public static Task RecordAsync(ISiteStateStore store, Guid siteId, StepOutcome outcome, string message, string actor, CancellationToken ct, SiteLifecycle? lifecycle = null, string? error = null, bool forget = false, bool forgetAnalytics = false) =>
        store.RecordStepAsync(new SiteStepUpdate
        {
            ForgetVendorResources = forget,
            ForgetAnalytics = forgetAnalytics,
            SiteId = siteId,
            Step = SiteStep.Teardown,
            Outcome = outcome,
            Message = message,
            Actor = actor,
            Lifecycle = lifecycle,
            ErrorMessage = error,
        }, ct);

    /// <summary>What a failed step leaves behind, named so an operator can find and remove it by hand.</summary>
    public static string Orphan(Site site, TeardownPart part) => part switch
    {
        TeardownPart.SearchConsole => $"Search Console property sc-domain:{site.Domain}",
        TeardownPart.Releases => $"deployed releases next to {site.HostingDocRoot}",
        TeardownPart.HostingSite => $"CloudPanel site {site.Domain} (user {site.SiteUser ?? "?"}, {site.HostingDocRoot ?? "no doc root"})",
        TeardownPart.Analytics => $"Matomo site {site.MatomoSiteId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({site.Domain})",
        TeardownPart.Records => $"DNS records {string.Join(", ", site.RecordIds.Select(kv => $"{kv.Key}={kv.Value}"))} in zone {site.CloudflareZoneId}",
        TeardownPart.Zone => $"Cloudflare zone {site.CloudflareZoneId ?? "?"} ({site.Domain.RegistrableDomain})",
        TeardownPart.Nameservers => $"registrar nameservers of {site.Domain.RegistrableDomain} ({string.Join(", ", site.AssignedNameservers)})",
        _ => part.ToString(),
    };
}
