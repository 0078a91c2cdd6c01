using System.Diagnostics;
using System.Globalization;
using WebsiteFactory.Bench.Provisioning;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

// Provisions many sites against the vendor simulators on a sped-up clock and prints the makespan, its ratio to a
// computed lower bound, the rate-limit answers received, and the ratio to a naive sequential run (measured on a
// sample in the same process and extrapolated).
var config = BenchmarkConfig.Parse(args);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"Provisioning benchmark: {config.Sites} sites, {config.CloudflareAccounts} Cloudflare accounts, {config.NamecheapUsers} Namecheap users + {config.SpaceshipKeys} Spaceship keys, {config.Servers} CloudPanel servers x {config.SessionsPerServer} SSH sessions, clock x{config.Speed}, HTTP latency {config.LatencyMin.TotalMilliseconds}-{config.LatencyMax.TotalMilliseconds} ms"));

// Naive baseline first (it also warms up JIT and connections): one site after another, same code and simulators.
TimeSpan perSite;
await using (var naive = await BenchmarkEnvironment.StartAsync(config, config.NaiveSample, "naive"))
{
    var naiveStart = naive.Clock.GetUtcNow();
    var naiveFailed = 0;
    foreach (var site in naive.Sites)
    {
        try
        {
            await InMemoryOrchestrationContext.RunAsync<ProvisionSiteResult>(ProvisionSite.Name, new ProvisionSiteInput(site.Id, BenchmarkEnvironment.Settings), $"naive-{site.Id:N}", naive.Services, naive.Clock);
        }
        catch (SiteStepFailedException e)
        {
            // A failed step fails the run (it would fail the instance on a durable host); the sample still times it.
            naiveFailed++;
            Console.WriteLine($"  naive sample: {site.Domain} failed at {e.Step}: {e.Reason}");
        }
    }

    if (naiveFailed > 0)
    {
        Console.WriteLine(string.Create(inv, $"naive sample: {naiveFailed}/{config.NaiveSample} sites failed"));
    }

    perSite = (naive.Clock.GetUtcNow() - naiveStart) / config.NaiveSample;
}

await using (var env = await BenchmarkEnvironment.StartAsync(config, config.Sites, "fleet"))
{
    var registrarOf = env.Sites.Select(s => s.RegistrarAccountId!.Value).Distinct()
        .ToDictionary(id => id, id => env.Services.GetRequiredServiceRegistrar(id));
    var bound = LowerBound.Compute(config, env.Simulators.State.Options, env.Sites, registrarOf);

    var wall = Stopwatch.StartNew();
    var start = env.Clock.GetUtcNow();
    var result = await InMemoryOrchestrationContext.RunAsync<ProvisionBatchResult>(
        ProvisionBatch.Name, new ProvisionBatchInput([.. env.Sites.Select(s => s.Id)], BenchmarkEnvironment.Settings, MaxParallel: config.Sites),
        "bench-batch", env.Services, env.Clock);
    var makespan = env.Clock.GetUtcNow() - start;
    wall.Stop();

    Console.WriteLine(string.Create(inv, $"sites succeeded: {result.Succeeded}/{config.Sites}, failed: {result.Failed}"));
    foreach (var failure in result.Sites.Where(s => !s.Succeeded).Take(5))
    {
        Console.WriteLine($"  failed {failure.Domain} at {failure.FailedStep}: {failure.Error}");
    }

    Console.WriteLine(string.Create(inv, $"makespan (simulated): {makespan.TotalMinutes:F1} min   (wall clock {wall.Elapsed.TotalSeconds:F1} s)"));
    Console.WriteLine(string.Create(inv, $"lower bound: {bound.Value.TotalMinutes:F1} min = max(critical path {bound.CriticalPath.TotalMinutes:F1}, registrar budgets {bound.Registrar.TotalMinutes:F1}, CloudPanel sessions {bound.Servers.TotalMinutes:F1}, Cloudflare budgets {bound.Cloudflare.TotalMinutes:F1})"));
    Console.WriteLine(string.Create(inv, $"ratio to lower bound: {makespan / bound.Value:F2}  (target <= 1.30)"));
    Console.WriteLine(string.Create(inv, $"rate-limit answers received: {env.RateLimitedResponses} (Cloudflare 429: {env.Simulators.State.Cloudflare.RateLimitedCount}, Namecheap 405: {env.Simulators.State.Namecheap.ThrottledCount}, Spaceship 429: {env.Simulators.State.Spaceship.ThrottledCount})"));
    Console.WriteLine(string.Create(inv, $"Cloudflare requests: {env.Simulators.State.Cloudflare.RequestCount} ({(double)env.Simulators.State.Cloudflare.RequestCount / config.Sites:F1} per site), Namecheap calls: {env.Simulators.State.Namecheap.CallCount}"));

    var sequential = perSite * config.Sites;
    Console.WriteLine(string.Create(inv, $"naive sequential: {perSite.TotalMinutes:F2} min per site (sample of {config.NaiveSample}) -> {sequential.TotalHours:F1} h for {config.Sites} sites; speed-up {sequential / makespan:F0}x (makespan is {makespan / sequential:P2} of it)"));
}
