using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WebsiteFactory.Bench.Provisioning;

// Fleet benchmark on the real stack: the server's composition (embedded engine on a private PostgreSQL cluster, real
// adapters, Astro builds, rsync over a loopback sshd) provisions and publishes a fleet against the vendor simulators, every
// party on one accelerated clock. Prints the makespan, the rate-budget lower bound and their ratio, the rate-limit answers
// received, PostgreSQL commits per site, peak RSS and, when asked, the template-rollout time over the whole fleet.
var config = BenchmarkConfig.Parse(args);
var inv = CultureInfo.InvariantCulture;
using var cts = new CancellationTokenSource(config.Timeout);

// Ctrl+C or a SIGTERM unwinds the run like its time limit does, so the stack's disposal stops the private PostgreSQL
// cluster and sshd and deletes the data directory; the default handling would end the process and leave them running.
var stopped = false;
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

Console.WriteLine(string.Create(inv, $"Fleet benchmark: {config.Sites} sites, {config.CloudflareAccounts} Cloudflare accounts, 2 registrars (Namecheap + Spaceship, sites alternate), {config.Servers} CloudPanel servers x {config.SessionsPerServer} SSH sessions, publish {(config.Publish ? "on" : "off")}, clock x{config.Speed}"));
Console.WriteLine($"machine load at start: {Probes.LoadAverage()} ({Environment.ProcessorCount} cores)");

try
{
    return await RunAsync();
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    // The stack has been disposed on the way out: nothing of the run is left behind.
    Console.Error.WriteLine($"stopped: {(stopped ? "signal received" : $"time limit of {config.Timeout.TotalMinutes:F0} min reached (--timeout-minutes)")}; the stack was shut down and its data {(config.Keep ? "kept" : "removed")}");
    return 2;
}

async Task<int> RunAsync()
{
    var setup = Stopwatch.StartNew();
    await using var stack = await FleetStack.StartAsync(config, cts.Token);
    var sites = await FleetSeeder.SeedAsync(stack.Client, config, stack.Ssh, cts.Token);
    Console.WriteLine(string.Create(inv, $"set-up: {setup.Elapsed.TotalSeconds:F1} s (simulators, sshd, PostgreSQL cluster and migrations, server, {sites.Count} sites seeded through the API)"));

    var (buildRate, singleBuild) = config.Publish ? await BuildCalibration.MeasureAsync(stack, Math.Min(config.Sites, 100), cts.Token) : (0, TimeSpan.Zero);
    if (config.Publish)
    {
        Console.WriteLine(string.Create(inv, $"build capacity (calibrated, same run): {Math.Min(config.Sites, 100)} sites at once {buildRate:F1} sites/s real = {buildRate * 60 / config.Speed:F2} sites per simulated minute; one site alone {singleBuild.TotalSeconds:F1} s real"));
    }

    using var sessions = new SessionTimeListener();
    var commitsBefore = await Probes.CommitsAsync(stack.Database, cts.Token);
    var writesBefore = await Probes.WriteTransactionsAsync(stack.Database, cts.Token);
    var run = await FleetRun.ProvisionAsync(stack, sites, cts.Token);
    await Task.Delay(TimeSpan.FromSeconds(1.5), cts.Token); // backends flush their statistics about once a second
    var commits = await Probes.CommitsAsync(stack.Database, cts.Token) - commitsBefore;
    var writes = await Probes.WriteTransactionsAsync(stack.Database, cts.Token) - writesBefore;

    var (sessionTotal, shortestSession, sessionCalls) = sessions.CloudPanel;
    var perServer = Enumerable.Range(0, config.Servers).Select(s => sessionTotal * sites.Count(x => x.Server == s) / Math.Max(1, sites.Count)).ToList();
    var bound = LowerBound.Compute(config, stack.Simulators.State.Options, sites, perServer, shortestSession, buildRate / config.Speed, singleBuild * config.Speed);
    var state = stack.Simulators.State;
    var rateLimited = state.Cloudflare.RateLimitedCount + state.Namecheap.ThrottledCount + state.Spaceship.ThrottledCount;

    Console.WriteLine();
    Console.WriteLine(string.Create(inv, $"sites succeeded: {run.Succeeded}/{sites.Count}, failed: {run.Failed}"));
    foreach (var failure in run.Failures.Take(5))
    {
        Console.WriteLine($"  failed {failure}");
    }

    Console.WriteLine(string.Create(inv, $"makespan: {run.Makespan.TotalMinutes:F1} min simulated ({run.Wall.TotalSeconds:F1} s wall clock at x{config.Speed})"));
    Console.WriteLine(string.Create(inv, $"lower bound: {bound.Value.TotalMinutes:F1} min ({bound.Binding}) = max(critical path {bound.CriticalPath.TotalMinutes:F1}, Namecheap budget {bound.Registrar.TotalMinutes:F1}, Cloudflare budgets {bound.Cloudflare.TotalMinutes:F1}, SSH sessions {bound.Servers.TotalMinutes:F1}, build capacity {bound.Builds.TotalMinutes:F1})"));
    Console.WriteLine(string.Create(inv, $"ratio makespan / lower bound: {run.Makespan / bound.Value:F2}  (target <= 1.20)"));
    Console.WriteLine(string.Create(inv, $"rate-limit answers received: {rateLimited} (target 0; Cloudflare 429: {state.Cloudflare.RateLimitedCount}, Namecheap 405: {state.Namecheap.ThrottledCount}, Spaceship 429: {state.Spaceship.ThrottledCount})"));
    Console.WriteLine(string.Create(inv, $"vendor calls per site: Cloudflare {(double)state.Cloudflare.RequestCount / sites.Count:F1}, Namecheap {(double)state.Namecheap.CallCount / Math.Max(1, sites.Count(s => s.Registrar == "namecheap")):F1} (per Namecheap site), CloudPanel sessions {(double)sessionCalls / sites.Count:F1} ({sessionTotal.TotalMinutes:F1} min of SSH work in all)"));
    Console.WriteLine(string.Create(inv, $"PostgreSQL commits: {commits:N0} = {(double)commits / sites.Count:F0} per site (engine, domain tables, rate budgets, session gates), of which {writes:N0} wrote = {(double)writes / sites.Count:F0} per site (the rest are autocommitted reads: dispatch polls and status reads)"));

    if (config.Rollout && run.Succeeded > 0)
    {
        var rollout = await FleetRun.RolloutAsync(stack, cts.Token);
        Console.WriteLine(string.Create(inv, $"template rollout: {rollout.Redeployed} sites rebuilt and redeployed in {rollout.Waves} waves (canary first, up to {config.RolloutParallel} at once), {rollout.Failed} failed, {rollout.Makespan.TotalMinutes:F1} min simulated ({rollout.Wall.TotalSeconds:F1} s wall clock)"));
    }

    Console.WriteLine(string.Create(inv, $"peak RSS: {Probes.PeakRssMiB():F0} MiB (one process: server, engine, simulators)"));
    Console.WriteLine($"machine load at end: {Probes.LoadAverage()}");
    return run.Failed == 0 && rateLimited == 0 ? 0 : 1;
}

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stopped = true;
    cts.Cancel();
}
