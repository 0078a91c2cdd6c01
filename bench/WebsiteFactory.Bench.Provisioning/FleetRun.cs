using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Runs the fleet through the API (one batch, then optionally a template rollout) and follows it with progress lines.</summary>
internal static class FleetRun
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(20);

    public sealed record Result(int Succeeded, int Failed, IReadOnlyList<string> Failures, TimeSpan Makespan, TimeSpan Wall);

    public sealed record RolloutResult(int Redeployed, int Failed, int Waves, TimeSpan Makespan, TimeSpan Wall);

    /// <summary>
    /// Starts one batch for every site (<c>POST /api/provision</c>) and waits for it. The makespan is read from the batch
    /// instance itself (created → last updated, both stamped by the engine on the shared clock), so the polling interval
    /// does not blur it.
    /// </summary>
    public static async Task<Result> ProvisionAsync(FleetStack stack, IReadOnlyList<FleetSite> sites, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var batch = await stack.Client.PostAsync("/api/provision", new { domains = sites.Select(s => s.Domain).ToArray() }, ct);
        var id = batch.GetProperty("id").GetString()!;
        Console.WriteLine($"batch {id} started");
        var status = await WaitAsync(stack, id, wall, Progress, ct);
        var final = await stack.Client.GetAsync($"/api/batches/{Uri.EscapeDataString(id)}", ct);
        var failures = final.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("succeeded").ValueKind == JsonValueKind.False)
            .Select(s => $"{s.GetProperty("domain").GetString()} at {Text(s, "failed_step")}: {Text(s, "error")}")
            .ToList();
        wall.Stop();
        return new Result(final.GetProperty("completed").GetInt32(), final.GetProperty("failed").GetInt32(), failures, Makespan(status), wall.Elapsed);

        async Task Progress()
        {
            var b = await stack.Client.GetAsync($"/api/batches/{Uri.EscapeDataString(id)}", ct);
            var steps = b.GetProperty("sites").EnumerateArray()
                .Where(s => WfClient.IsActive(Text(s, "runtime_status")))
                .GroupBy(s => s.GetProperty("custom_status") is { ValueKind: JsonValueKind.Object } cs && cs.TryGetProperty("step", out var st) ? st.GetString() ?? "?" : "pending")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count().ToString(CultureInfo.InvariantCulture)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{wall.Elapsed.TotalSeconds,5:F0} s wall, {(stack.Clock.GetUtcNow() - DateTimeOffset.Parse(b.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture)).TotalMinutes,5:F1} min simulated] done {b.GetProperty("completed").GetInt32()}/{b.GetProperty("total").GetInt32()}, failed {b.GetProperty("failed").GetInt32()}; in flight: {string.Join(", ", steps)}; load {Probes.LoadAverage()}"));
        }
    }

    /// <summary>
    /// Starts a template rollout over every live site (<c>POST /api/redeploy</c> with <c>all</c>: canary wave, health check,
    /// growing waves) and waits for it; the time is the rollout instance's own (engine clock).
    /// </summary>
    public static async Task<RolloutResult> RolloutAsync(FleetStack stack, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var started = await stack.Client.PostAsync("/api/redeploy", new { all = true, parallel = stack.Config.RolloutParallel }, ct);
        var id = started.GetProperty("id").GetString()!;
        Console.WriteLine($"template rollout {id} started");
        var status = await WaitAsync(stack, id, wall, Progress, ct);
        wall.Stop();
        var output = status.GetProperty("output");
        if (output.ValueKind == JsonValueKind.String)
        {
            output = JsonDocument.Parse(output.GetString()!).RootElement;
        }

        if (output.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"The rollout ended {status.GetProperty("runtimeStatus").GetString()} without a result: {output}");
        }

        return new RolloutResult(Int(output, "redeployed"), Int(output, "failed"), Int(output, "waves_run", "wavesRun", "WavesRun"), Makespan(status), wall.Elapsed);

        async Task Progress()
        {
            var s = await stack.Client.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}?showInput=false", ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{wall.Elapsed.TotalSeconds,5:F0} s wall] {s.GetProperty("customStatus")}; load {Probes.LoadAverage()}"));
        }
    }

    private static int Int(JsonElement e, params string[] names)
    {
        foreach (var property in e.EnumerateObject())
        {
            foreach (var name in names.Append(names[0][..1].ToUpperInvariant() + names[0][1..]))
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Number)
                {
                    return property.Value.GetInt32();
                }
            }
        }

        return 0;
    }

    /// <summary>Polls the instance's status (cheap) every second; calls <paramref name="progress"/> every 15 s of real time.</summary>
    private static async Task<JsonElement> WaitAsync(FleetStack stack, string instanceId, Stopwatch wall, Func<Task> progress, CancellationToken ct)
    {
        var next = ProgressEvery;
        while (true)
        {
            var status = await stack.Client.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}?showInput=false", ct);
            if (!WfClient.IsActive(status.GetProperty("runtimeStatus").GetString()))
            {
                return status;
            }

            if (wall.Elapsed >= next)
            {
                await progress();
                next = wall.Elapsed + ProgressEvery; // a slow progress read (a 500-site batch view) must not make the next one due at once
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static TimeSpan Makespan(JsonElement status) =>
        status.GetProperty("lastUpdatedTime").GetDateTimeOffset() - status.GetProperty("createdTime").GetDateTimeOffset();

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
