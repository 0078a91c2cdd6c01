using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Reconcile.Activities;

/// <summary>Lists what the reconcile fans out over: every Cloudflare account, registrar account, server and Search Console account.</summary>
[DurableTask(Name)]
public sealed class ListReconcileTargetsActivity(
    ICloudflareAccountRepository cloudflareAccounts,
    IRegistrarAccountRepository registrarAccounts,
    IHostingServerRepository servers,
    IGscAccountRepository gscAccounts,
    IActivityExecutionAccessor execution,
    ContentWorkflowOptions? content = null,
    TimeProvider? clock = null) : TaskActivity<ReconcileInput, ReconcileTargets>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Reconcile_ListTargets";

    /// <inheritdoc />
    public override async Task<ReconcileTargets> RunAsync(TaskActivityContext context, ReconcileInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        return new ReconcileTargets(
            [.. (await cloudflareAccounts.ListAsync(ct).ConfigureAwait(false)).Select(a => a.Id)],
            [.. (await registrarAccounts.ListAsync(ct).ConfigureAwait(false)).Select(a => a.Id)],
            [.. (await servers.ListAsync(ct).ConfigureAwait(false)).Select(s => s.Id)],
            [.. (await gscAccounts.ListAsync(ct).ConfigureAwait(false)).Select(a => a.Id)],
            !string.IsNullOrEmpty(content?.MatomoUrl),
            (clock ?? TimeProvider.System).GetUtcNow());
    }
}
