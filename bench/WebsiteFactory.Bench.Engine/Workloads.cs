using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Engine;

namespace WebsiteFactory.Bench.Engine;

/// <summary>The engine workloads of the benchmark, each on a fresh engine schema in the same database.</summary>
internal sealed class Workloads(NpgsqlDataSource dataSource, string connectionString, Report report, bool quick)
{
    private readonly ConcurrentQueue<long> stepStarts = new();

    private async Task<(ServiceProvider Provider, EngineStatistics Engine, DurableTaskClient Client)> StartEngineAsync(string schema, Action<EngineOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddWorkflowEngine(r => r
            .AddActivityFunc<int, int>("Noop", (_, x) => Task.FromResult(x))
            .AddActivityFunc<int, int>("Step", (_, x) =>
            {
                this.stepStarts.Enqueue(Stopwatch.GetTimestamp());
                return Task.FromResult(x);
            })
            .AddOrchestratorFunc<int, int>("FanOut", async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Noop", i)))).Length)
            .AddOrchestratorFunc<int, int>("Sequence", async (ctx, n) =>
            {
                int sum = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += await ctx.CallActivityAsync<int>("Step", i);
                }

                return sum;
            })
            .AddOrchestratorFunc<string?, int>("HelloCities5", async (ctx, _) =>
            {
                int sum = 0;
                for (int i = 0; i < 5; i++)
                {
                    sum += await ctx.CallActivityAsync<int>("Noop", i);
                }

                return sum;
            })
            .AddOrchestratorFunc<int, int>("CrashFanOut", Task<int> (_, _) => throw new InvalidOperationException("runs in the crash worker process only"))
            .AddOrchestratorFunc<string?, string>("WaitForApproval", (ctx, _) => ctx.WaitForExternalEvent<string>("Approved")), o =>
        {
            o.Schema = schema;
            o.UseNotifications = false;
            o.ActivityConcurrency = 64;
            o.OrchestrationBatchSize = 128;
            configure?.Invoke(o);
        });
        ServiceProvider provider = services.BuildServiceProvider();
        await EngineHost.StartAsync(provider);
        return (provider, provider.GetRequiredService<EngineStatistics>(), provider.GetRequiredService<DurableTaskClient>());
    }

    private static async Task StopAsync(ServiceProvider provider)
    {
        await EngineHost.StopAsync(provider);
        await provider.DisposeAsync();
    }

    public async Task FanOutAsync(int n)
    {
        (ServiceProvider provider, _, DurableTaskClient client) = await this.StartEngineAsync("bench_fanout");
        try
        {
            // Warm-up (JIT, prepared statements), then the best of three measured runs.
            await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync("FanOut", 100));
            double best = 0;
            for (int run = 0; run < (quick ? 1 : 3); run++)
            {
                var watch = Stopwatch.StartNew();
                string id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", n);
                OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id);
                Check(done);
                best = Math.Max(best, n / watch.Elapsed.TotalSeconds);
            }

            report.Rate($"2. fan-out/fan-in of {n} no-op activities (best of {(quick ? 1 : 3)}): activities/s", best);
            report.Compare("fan-out activities/s", best, 1000, "Netherite");
        }
        finally
        {
            await StopAsync(provider);
        }
    }

    public async Task SequenceAsync(int n)
    {
        (ServiceProvider provider, _, DurableTaskClient client) = await this.StartEngineAsync("bench_sequence");
        try
        {
            // Warm-up to steady state: JIT tiers up hot methods after some 30 calls and a short delay, statements get prepared.
            for (int warm = 0; warm < 3; warm++)
            {
                await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync("Sequence", 200));
                await Task.Delay(200);
            }

            this.stepStarts.Clear();
            int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1);
            TimeSpan pause0 = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            string id = await client.ScheduleNewOrchestrationInstanceAsync("Sequence", n);
            Check(await client.WaitForInstanceCompletionAsync(id));
            double rate = n / watch.Elapsed.TotalSeconds;
            string gc = $"{GC.CollectionCount(0) - gc0} gen0 / {GC.CollectionCount(1) - gc1} gen1, {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:F1} ms paused";
            long[] starts = this.stepStarts.ToArray();
            List<double> steps = starts.Zip(starts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Order().ToList();
            report.Rate($"3. one orchestration, {n} no-op activities in sequence: activities/s", rate);
            double p50 = Percentile(steps, 0.5), p99 = Percentile(steps, 0.99), mean = steps.Average();
            Report.Line("   step latency mean / p50 / p99 (activity start to next activity start)", $"{mean:F2} / {p50:F2} / {p99:F2} ms", null);
            Report.Line("   mean step in raw commit latencies L (target ≤ 4×)", $"{mean / report.CommitLatencyMs:F1}×", null);
            Report.Line("   p99 step in raw commit latencies L (target ≤ 8×)", $"{p99 / report.CommitLatencyMs:F1}×", null);
            Report.Line("   garbage collections during the sequence (each pause delays the step it falls in)", gc, null);
            report.Compare("sequential activities/s", rate, 300, "Netherite");
            report.Compare("sequential activities/s", rate, 5, "Azure Storage");
        }
        finally
        {
            await StopAsync(provider);
        }
    }

    public async Task HelloCitiesAsync(int orchestrations)
    {
        (ServiceProvider provider, _, DurableTaskClient client) = await this.StartEngineAsync("bench_hello");
        try
        {
            await client.WaitForInstanceCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync("HelloCities5"));
            var watch = Stopwatch.StartNew();
            string[] ids = await ScheduleManyAsync(client, "HelloCities5", orchestrations, i => null);
            await this.WaitForStatusCountAsync("bench_hello", OrchestrationRuntimeStatus.Completed, orchestrations + 1);
            double seconds = watch.Elapsed.TotalSeconds;
            double perSecond = orchestrations / seconds;
            report.Rate($"4. HelloCities5 ({orchestrations} orchestrations × 5 sequential activities, started at once): orchestrations/s", perSecond);
            report.Rate("   events/s (an activity = 2 events)", orchestrations * 5 * 2 / seconds);
            report.Compare("HelloCities5 orchestrations/s", perSecond, 171, "Netherite");
            report.Compare("HelloCities5 orchestrations/s", perSecond, 45, "Azure Storage");
            report.Compare("HelloCities5 orchestrations/s", perSecond, 21, "MSSQL");
            _ = ids;
        }
        finally
        {
            await StopAsync(provider);
        }
    }

    public async Task WaitingInstancesAsync(int count)
    {
        (ServiceProvider provider, EngineStatistics engine, DurableTaskClient client) = await this.StartEngineAsync("bench_waiting");
        try
        {
            long rssBefore = Rss();
            string[] ids = await ScheduleManyAsync(client, "WaitForApproval", count, i => null);
            await this.WaitForRunningAsync("bench_waiting", count);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long rss = Rss();
            Report.Line($"5. {count:N0} instances waiting on an external event: process RSS", $"{rss / 1048576.0:N0} MB", null);
            Report.Line($"   (RSS before starting them {rssBefore / 1048576.0:N0} MB; sessions held {engine.SessionCount:N0}; managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB)", string.Empty, null);
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) => await client.RaiseEventAsync(id, "Approved", "yes", ct));
            await this.WaitForStatusCountAsync("bench_waiting", OrchestrationRuntimeStatus.Completed, count);
            Report.Line($"   time to raise-and-complete all {count:N0}", $"{watch.Elapsed.TotalSeconds:F2} s", null);
            report.Rate("   raise-and-complete instances/s", count / watch.Elapsed.TotalSeconds);
        }
        finally
        {
            await StopAsync(provider);
        }
    }

    public async Task CrashRecoveryAsync(int activities)
    {
        const string schema = "bench_crash";
        (ServiceProvider provider, _, DurableTaskClient client) = await this.StartEngineAsync(schema, o => o.RunWorkers = false);
        try
        {
            await this.ExecuteAsync($"DROP TABLE IF EXISTS {schema}.exec_log; CREATE TABLE {schema}.exec_log (task_id int, pid int)");
            Process first = StartWorker(schema);
            string id = await client.ScheduleNewOrchestrationInstanceAsync("CrashFanOut", activities);
            while (await this.ScalarAsync($"SELECT count(*) FROM {schema}.exec_log") < activities * 3 / 10)
            {
                await Task.Delay(2);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            long atKill = await this.ScalarAsync($"SELECT count(*) FROM {schema}.exec_log");
            var watch = Stopwatch.StartNew();
            Process second = StartWorker(schema);
            try
            {
                Check(await client.WaitForInstanceCompletionAsync(id));
                double seconds = watch.Elapsed.TotalSeconds;
                long executions = await this.ScalarAsync($"SELECT count(*) FROM {schema}.exec_log");
                long results = await this.ScalarAsync(
                    $"SELECT count(DISTINCT h.task_id) FROM {schema}.history h JOIN {schema}.instances i USING (instance_key) WHERE i.instance_id = '{id}' AND h.kind = 7");
                long resultRows = await this.ScalarAsync(
                    $"SELECT count(*) FROM {schema}.history h JOIN {schema}.instances i USING (instance_key) WHERE i.instance_id = '{id}' AND h.kind = 7");
                Report.Line($"6. crash recovery: SIGKILL after {atKill} of {activities} fan-out activities (lease 2 s): restart to completion", $"{seconds:F2} s", null);
                Report.Line("   duplicate activity executions observed (at-least-once) / duplicate results in history", $"{executions - activities} / {resultRows - results}", null);
            }
            finally
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            await StopAsync(provider);
        }
    }

    private Process StartWorker(string schema)
    {
        string path = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(Workloads).Assembly.Location);
        }

        psi.ArgumentList.Add("--worker");
        psi.ArgumentList.Add(connectionString);
        psi.ArgumentList.Add(schema);
        Process process = Process.Start(psi)!;
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("The crash-test worker did not start.");
        }

        return process;
    }

    private static async Task<string[]> ScheduleManyAsync(DurableTaskClient client, string name, int count, Func<int, object?> input)
    {
        string[] ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            ids[i] = await client.ScheduleNewOrchestrationInstanceAsync(name, input(i), ct));
        return ids;
    }

    private async Task WaitForStatusCountAsync(string schema, OrchestrationRuntimeStatus status, int count)
    {
        var timeout = Stopwatch.StartNew();
        while (await this.ScalarAsync($"SELECT count(*) FROM {schema}.instances WHERE status = {(int)status}") < count)
        {
            if (timeout.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{schema}: fewer than {count} instances reached {status}.");
            }

            await Task.Delay(10);
        }
    }

    private async Task WaitForRunningAsync(string schema, int count)
    {
        var timeout = Stopwatch.StartNew();
        while (await this.ScalarAsync($"SELECT count(*) FROM {schema}.instances WHERE status = 0 AND history_len > 0") < count
            || await this.ScalarAsync($"SELECT count(*) FROM {schema}.inbox") > 0)
        {
            if (timeout.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{schema}: instances did not all start.");
            }

            await Task.Delay(20);
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static void Check(OrchestrationMetadata done)
    {
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{done.InstanceId} ended {done.RuntimeStatus}: {done.FailureDetails}");
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];

    private static long Rss()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }
}
