using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Engine;

// Usage: TestWorker <connection string> <schema> <activity delay ms> <activity concurrency> [lease seconds, default 2]
// Runs an engine worker until stdin closes or the process is killed. Each "Work" execution is logged to
// {schema}.exec_log with this process id, so tests can count executions per worker and duplicates.
string connectionString = args[0];
string schema = args[1];
int delayMs = int.Parse(args[2], CultureInfo.InvariantCulture);
int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
double leaseSeconds = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 2;

await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
var services = new ServiceCollection();
services.AddSingleton(dataSource);
services.AddSingleton(new WorkSettings(schema, delayMs));
services.AddLogging();
services.AddWorkflowEngine(
    r => r
        .AddOrchestratorFunc<int, long>("FanOut", async (ctx, n) =>
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Work", i)));
            return results.Sum(x => (long)x);
        })
        .AddActivity<Work>(),
    o =>
    {
        o.Schema = schema;
        o.LeaseDuration = TimeSpan.FromSeconds(leaseSeconds);
        o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
        o.ActivityConcurrency = concurrency;
        o.UseNotifications = true;
    });
await using ServiceProvider provider = services.BuildServiceProvider();
IHostedService[] hosted = provider.GetServices<IHostedService>().ToArray();
foreach (IHostedService service in hosted)
{
    await service.StartAsync(CancellationToken.None);
}

Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
foreach (IHostedService service in hosted.Reverse())
{
    await service.StopAsync(CancellationToken.None);
}

/// <summary>Where "Work" logs its executions and how long it takes.</summary>
internal sealed record WorkSettings(string Schema, int DelayMs);

/// <summary>Logs each execution (instance, task id, process id), then returns its input.</summary>
[DurableTask("Work")]
internal sealed class Work(NpgsqlDataSource dataSource, WorkSettings settings, IActivityExecutionAccessor execution) : TaskActivity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        ActivityExecution call = execution.Current;
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {settings.Schema}.exec_log (instance_id, task_id, pid) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(context.InstanceId);
        command.Parameters.AddWithValue(call.TaskId);
        command.Parameters.AddWithValue(Environment.ProcessId);
        await command.ExecuteNonQueryAsync(call.CancellationToken);
        if (settings.DelayMs > 0)
        {
            await Task.Delay(settings.DelayMs, call.CancellationToken);
        }

        return input;
    }
}
