using Microsoft.DurableTask;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile.Activities;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>
/// The reconcile ("drift and orphans", registered as <c>Reconcile</c>): compares the database with every vendor and stores
/// a report of orphans (at the vendor, not in the database), ghosts (in the database, missing at the vendor) and drift
/// (different values). Nightly and on demand; with <see cref="ReconcileInput.Fix"/> it also deletes the marked orphan DNS
/// records it found, and nothing else.
/// </summary>
/// <remarks>
/// <para><b>Fan-out.</b> One scan activity per Cloudflare account, registrar account, CloudPanel server and Search Console
/// account, plus one for Matomo, all at once: each draws on its own vendor's shared rate budget, so they do not slow each
/// other down. A scan that fails (vendor down, token revoked) after its retries becomes an entry in
/// <see cref="DriftReport.Errors"/>; it reports nothing rather than calling everything a ghost.</para>
/// <para><b>Read-only unless asked.</b> Scans list and read. The fix runs only for <see cref="ReconcileInput.Fix"/>, only on
/// findings of this run, and the fix activity checks each record again before deleting it.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class ReconcileVendors : TaskOrchestrator<ReconcileInput, ReconcileResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile";

    /// <inheritdoc />
    public override async Task<ReconcileResult> RunAsync(TaskOrchestrationContext context, ReconcileInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        input ??= new ReconcileInput();
        var settings = input.Settings ?? new ProvisionSettings();
        var retry = StepRetry.Options(settings with { RateLimitPatience = TimeSpan.FromHours(1) }, maxAttempts: 3);

        context.SetCustomStatus(new { phase = "listing" });
        var targets = await context.CallActivityAsync<ReconcileTargets>(ListReconcileTargetsActivity.Name, input, retry);
        var scans = new List<(string What, Task<IReadOnlyList<DriftFinding>> Scan)>();
        void Scan(string what, string activity, Guid? scope) =>
            scans.Add((what, context.CallActivityAsync<IReadOnlyList<DriftFinding>>(activity, new ReconcileScanInput(scope, input.Settings), retry)));
        foreach (var id in targets.CloudflareAccounts)
        {
            Scan($"Cloudflare account {id}", ScanCloudflareActivity.Name, id);
        }

        foreach (var id in targets.RegistrarAccounts)
        {
            Scan($"registrar account {id}", ScanRegistrarActivity.Name, id);
        }

        foreach (var id in targets.Servers)
        {
            Scan($"server {id}", ScanServerActivity.Name, id);
        }

        foreach (var id in targets.GscAccounts)
        {
            Scan($"Search Console account {id}", ScanSearchConsoleActivity.Name, id);
        }

        if (targets.Matomo)
        {
            Scan("Matomo", ScanMatomoActivity.Name, null);
        }

        context.SetCustomStatus(new { phase = "scanning", scans = scans.Count });
        var findings = new List<DriftFinding>();
        var errors = new List<string>();
        foreach (var (what, scan) in scans)
        {
            try
            {
                findings.AddRange(await scan);
            }
            catch (TaskFailedException e)
            {
                errors.Add($"{what}: {FailureReasons.Of(e.FailureDetails)}");
            }
        }

        if (input.Fix)
        {
            context.SetCustomStatus(new { phase = "fixing" });
            var fixedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var account in findings.Where(f => f.IsFixable && f.ScopeId is not null).GroupBy(f => f.ScopeId!.Value))
            {
                try
                {
                    fixedIds.UnionWith(await context.CallActivityAsync<IReadOnlyList<string>>(
                        FixOrphanRecordsActivity.Name, new ReconcileFixInput(account.Key, [.. account], input.RequestedBy), retry));
                }
                catch (TaskFailedException e)
                {
                    errors.Add($"fix in Cloudflare account {account.Key}: {FailureReasons.Of(e.FailureDetails)}");
                }
            }

            findings = [.. findings.Select(f => f.IsFixable && fixedIds.Contains(f.RecordId!) ? f with { Fixed = true } : f)];
        }

        var report = new DriftReport
        {
            InstanceId = context.InstanceId,
            StartedAt = targets.ListedAt,
            Findings = [.. findings.OrderBy(f => f.Kind).ThenBy(f => f.Vendor, StringComparer.Ordinal).ThenBy(f => f.Resource, StringComparer.Ordinal)],
            Errors = errors,
            FixRequested = input.Fix,
            RequestedBy = input.RequestedBy,
        };
        await context.CallActivityAsync<bool>(SaveDriftReportActivity.Name, report, retry);
        var result = new ReconcileResult(report.Count(DriftKind.Orphan), report.Count(DriftKind.Ghost), report.Count(DriftKind.Drift), findings.Count(f => f.Fixed), errors);
        context.SetCustomStatus(new { phase = "done", result.Orphans, result.Ghosts, result.Drifted, result.Fixed });
        return result;
    }
}
