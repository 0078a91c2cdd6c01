using System.Diagnostics;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Testing;
using Xunit.Abstractions;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Several worker processes on one database, and recovery from a worker killed with SIGKILL.</summary>
public sealed class WorkerProcessTests(PostgresFixture db, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task FourWorkerProcesses_ManyFanOuts_EveryResultRecordedExactlyOnceAndWorkShared()
    {
        string schema = await this.PrepareSchemaAsync();
        var workers = new List<Process>();
        try
        {
            workers.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => this.StartWorkerAsync(schema, delayMs: 2, concurrency: 4))));

            await using var client = await EngineHarness.StartAsync(db, _ => { }, o => o.RunWorkers = false, schema: schema);
            var ids = new List<string>();
            for (int i = 0; i < 16; i++)
            {
                ids.Add(await client.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 50));
            }

            foreach (string id in ids)
            {
                OrchestrationMetadata done = await client.CompleteAsync(id, 120);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
                Assert.Equal(Enumerable.Range(0, 50).Sum(), done.ReadOutputAs<long>());
                IList<HistoryEvent> history = await client.Client.GetOrchestrationHistoryAsync(id);
                List<int> results = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
                Assert.Equal(50, results.Count);
                Assert.Equal(50, results.Distinct().Count());
            }

            long executions = await client.CountAsync("exec_log");
            long workersUsed = await client.ScalarAsync<long>($"SELECT count(DISTINCT pid) FROM {schema}.exec_log");
            output.WriteLine($"800 activities, {executions} executions, {workersUsed} worker processes did work");
            Assert.True(workersUsed >= 2, "the work was not shared between processes");
            Assert.True(executions >= 800);
        }
        finally
        {
            workers.ForEach(Kill);
        }
    }

    [Fact]
    public async Task WorkerKilledWithSigkill_Mid500ActivityFanOut_RestartedWorkerCompletesWithEachResultOnce()
    {
        string schema = await this.PrepareSchemaAsync();
        await using var client = await EngineHarness.StartAsync(db, _ => { }, o => o.RunWorkers = false, schema: schema);
        Process first = await this.StartWorkerAsync(schema, delayMs: 20, concurrency: 4);
        string id;
        try
        {
            id = await client.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 500);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await client.CountAsync("exec_log") < 100)
            {
                await Task.Delay(5, cts.Token);
            }
        }
        finally
        {
            Kill(first);
        }

        long beforeCrash = await client.CountAsync("exec_log");
        var restart = Stopwatch.StartNew();
        Process second = await this.StartWorkerAsync(schema, delayMs: 0, concurrency: 8);
        try
        {
            OrchestrationMetadata done = await client.CompleteAsync(id, 120);
            restart.Stop();

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Enumerable.Range(0, 500).Sum(), done.ReadOutputAs<long>());
            IList<HistoryEvent> history = await client.Client.GetOrchestrationHistoryAsync(id);
            List<int> results = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
            Assert.Equal(500, results.Count);
            Assert.Equal(500, results.Distinct().Count());
            long executions = await client.CountAsync("exec_log");
            output.WriteLine($"killed after {beforeCrash} executions; recovered in {restart.ElapsedMilliseconds} ms; {executions - 500} duplicate executions (at-least-once), 0 duplicate results");
        }
        finally
        {
            Kill(second);
        }
    }

    [Fact]
    public async Task WorkerKilledWithSigkill_LeasesFarFromExpiry_NewWorkerTakesOverAtOnce()
    {
        // Ten-minute leases: finishing at all within the test's bound proves the new worker did not wait them out, because
        // the dead worker's session lock was free and its leases were released.
        string schema = await this.PrepareSchemaAsync();
        await using var client = await EngineHarness.StartAsync(db, _ => { }, o => o.RunWorkers = false, schema: schema);
        Process first = await this.StartWorkerAsync(schema, delayMs: 20, concurrency: 4, leaseSeconds: 600);
        string id;
        try
        {
            id = await client.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 300);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await client.CountAsync("exec_log") < 50)
            {
                await Task.Delay(5, cts.Token);
            }
        }
        finally
        {
            Kill(first);
        }

        Assert.True(await client.CountAsync("instances", "lease_owner IS NOT NULL") + await client.CountAsync("tasks", "lease_owner IS NOT NULL") > 0,
            "the killed worker held no lease, so the test proves nothing");
        long beforeCrash = await client.CountAsync("exec_log");
        string deadOwner = (await client.ScalarAsync<string>($"SELECT lease_owner FROM {schema}.tasks WHERE lease_owner IS NOT NULL UNION SELECT lease_owner FROM {schema}.instances WHERE lease_owner IS NOT NULL LIMIT 1"))!;
        Process second = await this.StartWorkerAsync(schema, delayMs: 0, concurrency: 8, leaseSeconds: 600);
        var sinceReady = Stopwatch.StartNew();
        try
        {
            using (var resumed = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                // Resumed = the dead worker holds no lease any more and new executions have happened.
                while (await client.CountAsync("exec_log") == beforeCrash
                    || await client.CountAsync("instances", $"lease_owner = '{deadOwner}'") + await client.CountAsync("tasks", $"lease_owner = '{deadOwner}'") > 0)
                {
                    await Task.Delay(20, resumed.Token);
                }
            }

            TimeSpan resumedAfter = sinceReady.Elapsed;
            OrchestrationMetadata done = await client.CompleteAsync(id, 120);
            output.WriteLine($"work resumed {resumedAfter.TotalMilliseconds:F0} ms after the new worker was ready, completed after {sinceReady.ElapsedMilliseconds} ms (leases of 600 s)");

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Enumerable.Range(0, 300).Sum(), done.ReadOutputAs<long>());
            Assert.True(resumedAfter < TimeSpan.FromSeconds(5), $"work resumed {resumedAfter} after the new worker was up (target: 5 s)");
            Assert.Equal(1, await client.CountAsync("workers")); // the dead worker's registration went with its leases
        }
        finally
        {
            Kill(second);
        }
    }

    private async Task<string> PrepareSchemaAsync()
    {
        string schema = "w_" + Guid.NewGuid().ToString("N")[..12];
        await EngineSchema.EnsureAsync(db.DataSource, schema);
        await using var command = db.DataSource.CreateCommand($"CREATE TABLE {schema}.exec_log (instance_id text, task_id int, pid int, at timestamptz DEFAULT now())");
        await command.ExecuteNonQueryAsync();
        return schema;
    }

    private async Task<Process> StartWorkerAsync(string schema, int delayMs, int concurrency, int leaseSeconds = 2)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "WebsiteFactory.Engine.TestWorker.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            dll, db.ConnectionString, schema, delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(arg);
        }

        Process process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = await process.StandardOutput.ReadLineAsync(cts.Token);
        if (line != "ready")
        {
            string error = await process.StandardError.ReadToEndAsync(cts.Token);
            Kill(process);
            throw new InvalidOperationException($"Worker did not start: {line} {error}");
        }

        return process;
    }

    private static void Kill(Process process)
    {
        try
        {
            // Process.Kill sends SIGKILL on Linux: no shutdown code runs, leases are simply abandoned.
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }
}
