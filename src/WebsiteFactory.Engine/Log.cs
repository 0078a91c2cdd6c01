using Microsoft.Extensions.Logging;

namespace WebsiteFactory.Engine;

/// <summary>The engine's structured log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Workflow engine started as worker {WorkerId} (schema {Schema}, {Dispatchers} orchestration dispatchers, {ActivityConcurrency} activity slots)")]
    public static partial void EngineStarted(ILogger logger, string workerId, string schema, int dispatchers, int activityConcurrency);

    [LoggerMessage(2, LogLevel.Error, "Episode batch of {Count} instances failed; their leases are released and the episodes will be retried")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(3, LogLevel.Warning, "Episode of instance {InstanceId} failed in the engine (failure {Failures}); it will be retried")]
    public static partial void EpisodeFailed(ILogger logger, Exception exception, string instanceId, int failures);

    [LoggerMessage(4, LogLevel.Information, "Instance {InstanceId} lost its lease or changed before commit; episode dropped (another worker owns it)")]
    public static partial void FenceRejected(ILogger logger, string instanceId);

    [LoggerMessage(5, LogLevel.Warning, "Activity {Name} of instance {InstanceId} was delivered {Attempt} times; failing it as poison")]
    public static partial void PoisonActivity(ILogger logger, string name, string instanceId, int attempt);

    [LoggerMessage(6, LogLevel.Error, "Completing {Count} activity results failed; retrying")]
    public static partial void CompletionFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(7, LogLevel.Information, "{Discarded} duplicate or stale activity results discarded (already delivered, or the execution ended)")]
    public static partial void ResultsDiscarded(ILogger logger, long discarded);

    [LoggerMessage(8, LogLevel.Warning, "Renewing activity leases failed")]
    public static partial void RenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Lost the lease of {Count} running activities; they were cancelled")]
    public static partial void LeasesLost(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Warning, "Dispatcher loop {Loop} failed; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(11, LogLevel.Information, "Retention purged {Count} finished instances")]
    public static partial void RetentionPurged(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Debug, "Activity {Name} of instance {InstanceId} failed: {Error}")]
    public static partial void ActivityFailed(ILogger logger, string name, string instanceId, string error);

    [LoggerMessage(13, LogLevel.Warning, "Worker {WorkerId} is gone (its lock is free): released its leases on {Instances} instances and {Tasks} activities")]
    public static partial void DeadWorkerReaped(ILogger logger, string workerId, long instances, long tasks);

    [LoggerMessage(14, LogLevel.Warning, "This machine's clock differs from the database's by {SkewSeconds:0.0} s (more than {ToleranceSeconds:0} s): the engine's leases and timers run on the workers' clocks, so keep every worker NTP-synced")]
    public static partial void ClockSkew(ILogger logger, double skewSeconds, double toleranceSeconds);
}
