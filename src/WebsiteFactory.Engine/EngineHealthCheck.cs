using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace WebsiteFactory.Engine;

/// <summary>
/// Readiness of this process's engine worker: each background loop's last successful poll and failure streak
/// (<see cref="EngineStatistics.LoopStatuses"/>). Unhealthy when a loop has been silent or failing for longer than
/// <see cref="EngineOptions.LoopStallThreshold"/>, degraded while a loop is failing but not yet for that long, healthy
/// otherwise (also when this process runs no worker). The data lists every loop's age and failures, never error text.
/// </summary>
/// <param name="statistics">The engine's counters.</param>
/// <param name="options">The engine options.</param>
/// <param name="time">The clock the loops use.</param>
public sealed class EngineHealthCheck(EngineStatistics statistics, IOptions<EngineOptions> options, TimeProvider? time = null) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        EngineOptions o = options.Value;
        TimeSpan threshold = o.LoopStallThreshold > o.LeaseDuration * 2 / 3 ? o.LoopStallThreshold : o.LeaseDuration * 2 / 3;
        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        IReadOnlyList<EngineLoopStatus> loops = statistics.LoopStatuses;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var stalled = new List<string>();
        var failing = new List<string>();
        foreach (EngineLoopStatus loop in loops)
        {
            data[loop.Name] = new Dictionary<string, object?>
            {
                ["lastPollAgeMs"] = (long)(now - loop.LastPoll).TotalMilliseconds,
                ["failures"] = loop.Failures,
                ["consecutiveFailures"] = loop.ConsecutiveFailures,
                ["lastError"] = loop.LastError,
            };
            if (loop.IsStalled(now, threshold))
            {
                stalled.Add(loop.Name);
            }
            else if (loop.ConsecutiveFailures > 0)
            {
                failing.Add(loop.Name);
            }
        }

        HealthCheckResult result = (stalled.Count, failing.Count, loops.Count) switch
        {
            ( > 0, _, _) => HealthCheckResult.Unhealthy(
                $"Engine loop(s) {string.Join(", ", stalled)} made no progress for over {threshold.TotalSeconds:0} s.", data: data),
            (_, > 0, _) => HealthCheckResult.Degraded($"Engine loop(s) {string.Join(", ", failing)} are failing and retrying.", data: data),
            (_, _, 0) => HealthCheckResult.Healthy("This process runs no engine worker.", data),
            _ => HealthCheckResult.Healthy($"{loops.Count} engine loops polling.", data),
        };
        return Task.FromResult(result);
    }
}
