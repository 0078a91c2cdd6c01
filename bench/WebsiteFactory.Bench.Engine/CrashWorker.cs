using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Engine;

namespace WebsiteFactory.Bench.Engine;

/// <summary>The worker process of the crash-recovery workload: it is killed with SIGKILL mid fan-out, then a new one finishes.</summary>
internal static class CrashWorker
{
    public static async Task<int> RunAsync(string connectionString, string schema)
    {
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        var execution = new ActivityExecutionAccessor();
        services.AddWorkflowEngine(r => r
            .AddOrchestratorFunc<int, int>("CrashFanOut", async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Logged", i)))).Length)
            .AddActivityFunc<int, int>("Logged", async (_, i) =>
            {
                ActivityExecution call = execution.Current;
                await using NpgsqlCommand log = dataSource.CreateCommand($"INSERT INTO {schema}.exec_log (task_id, pid) VALUES ($1, $2)");
                log.Parameters.AddWithValue(call.TaskId);
                log.Parameters.AddWithValue(Environment.ProcessId);
                await log.ExecuteNonQueryAsync(call.CancellationToken);
                await Task.Delay(1, call.CancellationToken);
                return i;
            }), o =>
        {
            o.Schema = schema;
            o.LeaseDuration = TimeSpan.FromSeconds(2);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
            o.ActivityConcurrency = 16;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        await EngineHost.StartAsync(provider);
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
