using Microsoft.DurableTask;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>
/// Stores the run's report as the latest one (<see cref="IDriftReportStore"/>), stamped with the time it finished, and
/// updates this process's orphan gauge (<see cref="VendorMetrics"/>; other processes read the stored report).
/// </summary>
[DurableTask(Name)]
public sealed class SaveDriftReportActivity(IDriftReportStore reports, IActivityExecutionAccessor execution, TimeProvider? clock = null, VendorMetrics? metrics = null) : TaskActivity<DriftReport, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_SaveReport";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DriftReport input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await reports.SaveAsync(input with { FinishedAt = (clock ?? TimeProvider.System).GetUtcNow() }, execution.Current.CancellationToken).ConfigureAwait(false);
        metrics?.SetOrphanCounts(OrphanCount.From(input));
        return true;
    }
}
