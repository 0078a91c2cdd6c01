using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Step 2: A <c>@</c> → the server's IPv4 and CNAME <c>www</c> → apex, upserted by type and name.</summary>
[DurableTask(Name)]
public sealed class UpsertRecordsActivity(ProvisioningLookups lookups, ICloudflareClient cloudflare, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_UpsertRecords";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var account = await lookups.CloudflareAccountAsync(site, ct).ConfigureAwait(false);
        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        var zoneId = site.CloudflareZoneId ?? throw new PermanentStepException($"Site {site.Domain} has no zone id; the zone step must run first.");
        string ip;
        try
        {
            ip = server.GetARecordAddress().ToString();
        }
        catch (InvalidOperationException e)
        {
            throw new PermanentStepException(e.Message);
        }

        var apex = site.Domain.Value;
        var a = await cloudflare.UpsertRecordAsync(account, zoneId, new DnsRecordSpec("A", apex, ip, input.Settings.RecordTtl, input.Settings.Proxied, RecordOwnership.Marker), ct).ConfigureAwait(false);
        var www = await cloudflare.UpsertRecordAsync(account, zoneId, new DnsRecordSpec("CNAME", $"www.{apex}", apex, input.Settings.RecordTtl, input.Settings.Proxied, RecordOwnership.Marker), ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Records,
            Outcome = StepOutcome.Succeeded,
            Message = $"A {apex} → {ip}; CNAME www.{apex} → {apex}.",
            Actor = $"workflow:{context.InstanceId}",
            RecordIds = new Dictionary<string, string> { ["A @"] = a.Id, ["CNAME www"] = www.Id },
        }, ct).ConfigureAwait(false);
        return true;
    });
}
