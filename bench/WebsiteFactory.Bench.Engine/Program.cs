using System.Globalization;
using Npgsql;
using WebsiteFactory.Bench.Engine;
using WebsiteFactory.Data.LocalPostgres;

// One command: dotnet run -c Release --project bench/WebsiteFactory.Bench.Engine -- [--quick] [--only <workload>]
// Starts a private PostgreSQL cluster (fsync and synchronous_commit on), measures the raw commit baseline, then runs
// the engine workloads and prints each figure with its ratio to the baseline.
if (args.Length > 0 && args[0] == "--worker")
{
    return await CrashWorker.RunAsync(args[1], args[2]);
}

bool quick = args.Contains("--quick");
int onlyAt = Array.IndexOf(args, "--only");
string? only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
if (only is not null && only is not ("fanout" or "sequence" or "hello" or "waiting" or "crash"))
{
    Console.Error.WriteLine("usage: [--quick] [--only fanout|sequence|hello|waiting|crash]");
    return 2;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"Website Factory engine benchmark{(quick ? " (quick)" : string.Empty)} — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:u}");

var options = new LocalPostgresOptions
{
    Directory = Path.Combine(Path.GetTempPath(), $"wf-bench-pg-{Environment.ProcessId}"),
    Database = "bench",
    Port = 56000 + (Environment.ProcessId % 1000),
};
options.ServerSettings["max_connections"] = "200";
options.ServerSettings["shared_buffers"] = "512MB";
options.ServerSettings["synchronous_commit"] = "on";
options.ServerSettings["fsync"] = "on";
await using LocalPostgresCluster cluster = await LocalPostgresCluster.StartAsync(options);
try
{
    var builder = new NpgsqlDataSourceBuilder(cluster.ConnectionString);
    builder.ConnectionStringBuilder.MaxPoolSize = 64;
    builder.ConnectionStringBuilder.NoResetOnClose = true;
    await using NpgsqlDataSource dataSource = builder.Build();
    await using (NpgsqlCommand version = dataSource.CreateCommand("SELECT version()"))
    {
        Console.WriteLine((string)(await version.ExecuteScalarAsync())!);
    }

    var report = new Report();
    double fsyncMs = Baseline.MeasureFsyncMs(cluster.DataDirectory);
    Report.Line("fsync latency (8 KiB write + fdatasync, data dir)", $"{fsyncMs:F3} ms", null);
    double r4 = await Baseline.RawCommitsPerSecondAsync(dataSource, clients: 4, TimeSpan.FromSeconds(quick ? 2 : 4));
    double r8 = await Baseline.RawCommitsPerSecondAsync(dataSource, clients: 8, TimeSpan.FromSeconds(quick ? 2 : 4));
    report.Baseline = r4;
    Report.Line("1. raw single-row INSERT commits/s, 4 clients (R, the engine's concurrency)", $"{r4:N0}/s", null);
    Report.Line("   raw single-row INSERT commits/s, 8 clients", $"{r8:N0}/s", r8 / r4);
    (double commitP50, double commitMean) = await Baseline.RawCommitLatencyMsAsync(dataSource, TimeSpan.FromSeconds(quick ? 1 : 2));
    report.CommitLatencyMs = commitMean;
    Report.Line("   raw single-row INSERT commit latency p50 / mean, 1 client (L)", $"{commitP50:F3} / {commitMean:F3} ms", null);

    var workloads = new Workloads(dataSource, cluster.ConnectionString, report, quick);
    bool Run(string workload) => only is null || only == workload;
    if (Run("fanout"))
    {
        await workloads.FanOutAsync(1000);
    }

    if (Run("sequence"))
    {
        await workloads.SequenceAsync(200);
    }

    if (Run("hello"))
    {
        await workloads.HelloCitiesAsync(quick ? 300 : 1000);
    }

    if (Run("waiting"))
    {
        await workloads.WaitingInstancesAsync(quick ? 2000 : 10_000);
    }

    if (Run("crash"))
    {
        await workloads.CrashRecoveryAsync(quick ? 500 : 1000);
    }

    Console.WriteLine();
    Console.WriteLine("Published figures (2-core workers, database on separate machines): Netherite ~1000 fan-out activities/s, ~300 sequential");
    Console.WriteLine("activities/s, ~171 HelloCities5 orchestrations/s; Azure Storage ~45 orchestrations/s, ~5 sequential activities/s; MSSQL ~21 orchestrations/s.");
    report.PrintComparisons();
    return 0;
}
finally
{
    await cluster.StopAsync();
    try
    {
        Directory.Delete(cluster.RootDirectory, recursive: true);
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}
