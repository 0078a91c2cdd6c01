using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>
/// Search Console step 1: gets the DNS TXT token from Site Verification and publishes it at the zone apex through the
/// Cloudflare adapter. Returns false when the site has no Search Console account (nothing to verify).
/// </summary>
/// <remarks>
/// The Cloudflare port upserts one record per (type, name), so an apex that already holds other TXT records (SPF, ...)
/// is refused with a clear error rather than overwritten.
/// </remarks>
[DurableTask(Name)]
public sealed class PublishVerificationTokenActivity(
    ProvisioningLookups lookups,
    IGscAccountRepository gscAccounts,
    ISearchConsole searchConsole,
    ICloudflareClient cloudflare,
    ISiteStateStore store) : Activity<ContentStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.PublishVerificationToken";

    /// <summary>Key of the record id in <see cref="Site.RecordIds"/>.</summary>
    public const string RecordKey = "TXT google-site-verification";

    /// <inheritdoc />
    public override Task<bool> RunAsync(ActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = context.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        if (site.GscAccountId is not { } gscId)
        {
            return false;
        }

        var account = await gscAccounts.GetAsync(gscId, ct).ConfigureAwait(false) ?? throw new PermanentStepException($"Search Console account {gscId} of {site.Domain} does not exist.");
        var cfAccount = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var zoneId = site.CloudflareZoneId ?? throw new PermanentStepException($"Site {site.Domain} has no Cloudflare zone yet.");
        var token = await searchConsole.GetDnsTxtTokenAsync(account, site.Domain, ct).ConfigureAwait(false);

        var existing = await cloudflare.ListRecordsAsync(cfAccount, zoneId, "TXT", site.Domain.Value, ct).ConfigureAwait(false);
        if (existing.Any(r => !Unquote(r.Content).StartsWith("google-site-verification=", StringComparison.Ordinal)))
        {
            throw new PermanentStepException($"The apex of {site.Domain} already has other TXT records; add '{token}' by hand and re-run verification.");
        }

        var record = existing.FirstOrDefault(r => Unquote(r.Content) == token)
            ?? await cloudflare.UpsertRecordAsync(cfAccount, zoneId, new DnsRecordSpec("TXT", site.Domain.Value, token, 1, false, "website-factory: Search Console"), ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.SearchConsole,
            Outcome = StepOutcome.Info,
            Message = "Verification TXT record published; waiting for DNS propagation.",
            Actor = $"workflow:{context.InstanceId}",
            RecordIds = new Dictionary<string, string> { [RecordKey] = record.Id },
        }, ct).ConfigureAwait(false);
        return true;
    });

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
}
