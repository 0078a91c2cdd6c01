using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Engine;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Bench.Engine;

/// <summary>The worker process of the crash-recovery workload: it is killed with SIGKILL mid fan-out, then a new one finishes.</summary>
internal static class CrashWorker
{
    public static async Task<int> RunAsync(string connectionString, string schema)
    {
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddWorkflows(r => r
            .AddOrchestrator<int, int>("CrashFanOut", async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Logged", i)))).Length)
            .AddActivity<int, int>("Logged", async (ctx, i) =>
            {
                await using NpgsqlCommand log = dataSource.CreateCommand($"INSERT INTO {schema}.exec_log (task_id, pid) VALUES ($1, $2)");
                log.Parameters.AddWithValue(ctx.TaskId);
                log.Parameters.AddWithValue(Environment.ProcessId);
                await log.ExecuteNonQueryAsync(ctx.CancellationToken);
                await Task.Delay(1, ctx.CancellationToken);
                return i;
            }));
        services.AddWorkflowEngine(o =>
        {
            o.Schema = schema;
            o.LeaseDuration = TimeSpan.FromSeconds(2);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
            o.ActivityConcurrency = 16;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        WorkflowEngine engine = provider.GetRequiredService<WorkflowEngine>();
        await engine.StartAsync(CancellationToken.None);
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
