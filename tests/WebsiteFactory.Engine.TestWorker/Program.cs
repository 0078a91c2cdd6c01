using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Engine;
using WebsiteFactory.Workflows;

// Usage: TestWorker <connection string> <schema> <activity delay ms> <activity concurrency>
// Runs an engine worker until stdin closes or the process is killed. Each "Work" execution is logged to
// {schema}.exec_log with this process id, so tests can count executions per worker and duplicates.
string connectionString = args[0];
string schema = args[1];
int delayMs = int.Parse(args[2], CultureInfo.InvariantCulture);
int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);

await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
var services = new ServiceCollection();
services.AddSingleton(dataSource);
services.AddWorkflows(r => r
    .AddOrchestrator<int, long>("FanOut", async (ctx, n) =>
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Work", i)));
        return results.Sum(x => (long)x);
    })
    .AddActivity<int, int>("Work", async (ctx, i) =>
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {schema}.exec_log (instance_id, task_id, pid) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(ctx.InstanceId);
        command.Parameters.AddWithValue(ctx.TaskId);
        command.Parameters.AddWithValue(Environment.ProcessId);
        await command.ExecuteNonQueryAsync(ctx.CancellationToken);
        if (delayMs > 0)
        {
            await Task.Delay(delayMs, ctx.CancellationToken);
        }

        return i;
    }));
services.AddWorkflowEngine(o =>
{
    o.Schema = schema;
    o.LeaseDuration = TimeSpan.FromSeconds(2);
    o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
    o.ActivityConcurrency = concurrency;
    o.UseNotifications = true;
});
await using ServiceProvider provider = services.BuildServiceProvider();
WorkflowEngine engine = provider.GetRequiredService<WorkflowEngine>();
await engine.StartAsync(CancellationToken.None);
Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
await engine.StopAsync(CancellationToken.None);
