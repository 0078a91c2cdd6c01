using System.Globalization;
using WebsiteFactory.Bench;
using WebsiteFactory.Bench.Publish;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.CloudPanel;

// One command: ./build.sh bench publish [-- --quick] (or dotnet run -c Release --project bench/WebsiteFactory.Bench.Publish -- ...)
// Measures issue 7's pipeline with the product classes, each phase against a baseline measured in the same run:
//   1. AstroSiteBuilder (shared node_modules cache) vs a fresh template copy with its own npm ci + astro build;
//   1b. batched builds (1, 25, 200 sites in shared Astro runs) vs one Astro run per site;
//   2. RsyncSiteDeployer over a loopback sshd vs a plain rsync -a --delete over the same SSH;
//   3. NightlyAnalytics on the embedded engine + PostgreSQL + vendor simulators vs raw Npgsql upserts.
// Exits 1 when a correctness check fails, 2 on bad arguments.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    if (e.Message.Length > 0)
    {
        Console.Error.WriteLine(e.Message);
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (OperatingSystem.IsWindows())
{
    Console.Error.WriteLine("The publish benchmark needs Linux (sshd, rsync, PostgreSQL binaries).");
    return 2;
}

Console.WriteLine($"Website Factory publish benchmark{(options.Quick ? " (quick)" : string.Empty)} — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:u}");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
var report = new Report();
var secrets = new InMemorySecretStore();
var workRoot = Path.Combine(Path.GetTempPath(), $"wf-bench-publish-{Environment.ProcessId}");
Directory.CreateDirectory(workRoot);
var started = DateTime.UtcNow;
try
{
    await using var sim = await SimulatorHost.StartAsync();
    string? built = null;
    var astro = new AstroBenchmark(options, sim, secrets, report, workRoot);
    if (options.Phases.Contains("build"))
    {
        built = await astro.RunAsync();
    }

    if (options.Phases.Contains("batch"))
    {
        await new BatchBenchmark(options, report, workRoot).RunAsync();
    }

    if (options.Phases.Contains("deploy"))
    {
        if (!LoopbackSshServer.IsRoot)
        {
            report.Fail("the deploy phase needs root (the loopback sshd logs in a throw-away user)");
        }
        else
        {
            await new DeployBenchmark(options, secrets, report, workRoot).RunAsync(built ?? await astro.BuildOneAsync());
        }
    }

    if (options.Phases.Contains("analytics"))
    {
        await new AnalyticsBenchmark(options, sim, secrets, report).RunAsync();
    }
}
#pragma warning disable CA1031 // The benchmark reports any crash as a failed run with its message, then exits non-zero.
catch (Exception e)
#pragma warning restore CA1031
{
    report.Fail($"benchmark crashed: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e);
}
finally
{
    Exec.TryDelete(workRoot);
}

report.PrintTable();
Console.WriteLine($"total run time {(DateTime.UtcNow - started).TotalSeconds:F0} s; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
return report.Failures.Count == 0 ? 0 : 1;
