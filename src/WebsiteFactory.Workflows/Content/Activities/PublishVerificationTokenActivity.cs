using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
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
/// TXT is a multi-valued type for the Cloudflare port: the token is added beside the apex's other TXT records (SPF,
/// other verifications), which stay untouched, and an identical token already there is reused.
/// </remarks>
[DurableTask(Name)]
public sealed class PublishVerificationTokenActivity(
    ProvisioningLookups lookups,
    IGscAccountRepository gscAccounts,
    ISearchConsole searchConsole,
    ICloudflareClient cloudflare,
    ISiteStateStore store,
    IActivityExecutionAccessor execution) : TaskActivity<ContentStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_PublishVerificationToken";

    /// <summary>Key of the record id in <see cref="Site.RecordIds"/>.</summary>
    public const string RecordKey = "TXT google-site-verification";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        if (site.GscAccountId is not { } gscId)
        {
            return false;
        }

        var account = await gscAccounts.GetAsync(gscId, ct).ConfigureAwait(false) ?? throw new PermanentStepException($"Search Console account {gscId} of {site.Domain} does not exist.");
        var cfAccount = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var zoneId = site.CloudflareZoneId ?? throw new PermanentStepException($"Site {site.Domain} has no Cloudflare zone yet.");
        var token = await searchConsole.GetDnsTxtTokenAsync(account, site.Domain, ct).ConfigureAwait(false);

        var record = await cloudflare.UpsertRecordAsync(cfAccount, zoneId, new DnsRecordSpec("TXT", site.Domain.Value, token, 1, false, RecordOwnership.MarkerFor("search-console")), ct).ConfigureAwait(false);
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
}
