using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// The drift fix: deletes the marked orphan DNS records of one Cloudflare account, each checked again just before: the
/// record must still exist, still carry the ownership marker (<see cref="RecordOwnership.IsMarked"/>) and still be held by
/// no site. An unmarked record is never deleted, whatever the input says. Every deletion is a <c>records</c> event on
/// the site whose zone held the record, with the requester as actor.
/// </summary>
/// <remarks>Returns the ids it deleted (or found already gone). Idempotent: a replay finds the records gone.</remarks>
[DurableTask(Name)]
public sealed class FixOrphanRecordsActivity(
    ICloudflareClient cloudflare,
    ICloudflareAccountRepository accounts,
    ISiteRepository sites,
    ISiteStateStore store,
    IActivityExecutionAccessor execution) : TaskActivity<ReconcileFixInput, IReadOnlyList<string>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_FixOrphanRecords";

    /// <inheritdoc />
    public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, ReconcileFixInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var account = await accounts.GetAsync(input.CloudflareAccountId, ct).ConfigureAwait(false)
            ?? throw new PermanentStepException($"Cloudflare account {input.CloudflareAccountId} no longer exists.");
        var held = (await ReconcileFleet.AllSitesAsync(sites, ct).ConfigureAwait(false))
            .SelectMany(s => s.RecordIds.Values).ToHashSet(StringComparer.Ordinal);
        var done = new List<string>();
        foreach (var zone in input.Findings.Where(f => f.IsFixable).GroupBy(f => f.ZoneId!, StringComparer.Ordinal))
        {
            var current = (await cloudflare.ListRecordsAsync(account, zone.Key, cancellationToken: ct).ConfigureAwait(false)).ToDictionary(r => r.Id, StringComparer.Ordinal);
            foreach (var finding in zone)
            {
                var recordId = finding.RecordId!;
                if (!current.TryGetValue(recordId, out var record))
                {
                    done.Add(recordId); // already gone
                    continue;
                }

                if (!RecordOwnership.IsMarked(record.Comment) || held.Contains(recordId))
                {
                    // The marker was removed, or a site took the record over, since the scan: not ours to delete.
                    continue;
                }

                await cloudflare.DeleteRecordAsync(account, zone.Key, recordId, ct).ConfigureAwait(false);
                done.Add(recordId);
                if (finding.SiteId is { } siteId)
                {
                    await store.RecordStepAsync(new SiteStepUpdate
                    {
                        SiteId = siteId,
                        Step = SiteStep.Records,
                        Outcome = StepOutcome.Info,
                        Message = $"Drift fix: deleted orphan record {record.Type} {record.Name} → {record.Content} (id {recordId}, comment '{record.Comment}'), requested by {input.RequestedBy}.",
                        Actor = input.RequestedBy,
                    }, ct).ConfigureAwait(false);
                }
            }
        }

        return (IReadOnlyList<string>)done;
    });
}
