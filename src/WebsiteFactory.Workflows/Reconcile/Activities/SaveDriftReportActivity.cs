using Microsoft.DurableTask;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>Stores the run's report as the latest one (<see cref="IDriftReportStore"/>).</summary>
[DurableTask(Name)]
public sealed class SaveDriftReportActivity(IDriftReportStore reports, IActivityExecutionAccessor execution) : TaskActivity<DriftReport, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_SaveReport";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DriftReport input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await reports.SaveAsync(input, execution.Current.CancellationToken).ConfigureAwait(false);
        return true;
    }
}
