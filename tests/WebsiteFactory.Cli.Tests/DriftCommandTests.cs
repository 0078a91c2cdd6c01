using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Reconcile;

namespace WebsiteFactory.Cli.Tests;

/// <summary><c>wf drift</c>: starts the reconcile, follows its phases, prints the stored report; <c>--fix</c> needs an admin key.</summary>
public sealed class DriftCommandTests(DriftCommandTests.Factory server) : IClassFixture<DriftCommandTests.Factory>
{
    [Fact]
    public async Task Drift_FindingsReported_PrintsPhasesCountsAndRows_Exits1()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "drift");

        Assert.True(exit == ExitCodes.Failed, output);
        Assert.Contains("Reconcile reconcile started.", output, StringComparison.Ordinal);
        Assert.Contains("scanning (4 scans)…", output, StringComparison.Ordinal);
        Assert.Contains("A old.cli-drift.com", output, StringComparison.Ordinal);
        Assert.Contains("site gone.cli-drift.com", output, StringComparison.Ordinal);
        Assert.Contains("1 orphans, 1 ghosts, 0 drifted; 0 fixed, 1 fixable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftFix_ReadKey_Forbidden_NothingRuns()
    {
        var before = Factory.FixRuns;
        var (exit, output) = await server.RunAsync(server.ReadKey, "drift", "--fix");

        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("403", output, StringComparison.Ordinal);
        Assert.Equal(before, Factory.FixRuns);
    }

    [Fact]
    public async Task DriftFix_AdminKey_ReportsTheFixedRecord()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "drift", "--fix", "--json");

        var report = JsonDocument.Parse(output).RootElement; // --json prints the report and nothing else
        Assert.True(report.GetProperty("fix_requested").GetBoolean());
        Assert.Equal(1, report.GetProperty("fixed").GetInt32());
        Assert.Equal(ExitCodes.Failed, exit); // the ghost is still there
    }

    /// <summary>The server with a stand-in reconcile that stores a fixed report (one marked orphan, one ghost).</summary>
    public sealed class Factory : CliServerFactory
    {
        private static int _fixRuns;

        public static int FixRuns => Volatile.Read(ref _fixRuns);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddDurableTaskWorker(b => b.AddTasks(r =>
            {
                r.AddActivity<SaveReport>();
                r.AddOrchestratorFunc<ReconcileInput, bool>(ReconcileVendors.Name, async (ctx, input) =>
                {
                    ctx.SetCustomStatus(new { phase = "listing" });
                    await ctx.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                    ctx.SetCustomStatus(new { phase = "scanning", scans = 4 });
                    await ctx.CreateTimer(TimeSpan.FromMilliseconds(1500), CancellationToken.None);
                    return await ctx.CallActivityAsync<bool>(nameof(SaveReport), input with { Settings = null });
                });
            })));
        }

        [DurableTask(nameof(SaveReport))]
        private sealed class SaveReport(IDriftReportStore reports) : TaskActivity<ReconcileInput, bool>
        {
            public override async Task<bool> RunAsync(TaskActivityContext context, ReconcileInput input)
            {
                if (input.Fix)
                {
                    Interlocked.Increment(ref _fixRuns);
                }

                await reports.SaveAsync(new DriftReport
                {
                    InstanceId = context.InstanceId,
                    FixRequested = input.Fix,
                    RequestedBy = input.RequestedBy,
                    Findings =
                    [
                        new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = "A old.cli-drift.com", Detail = "left behind", Marked = true, ZoneId = new string('a', 32), RecordId = new string('b', 32), Fixed = input.Fix },
                        new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.CloudPanel, Resource = "site gone.cli-drift.com", Detail = "doc root gone" },
                    ],
                });
                return true;
            }
        }
    }
}
