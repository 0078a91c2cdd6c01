using System.ComponentModel.DataAnnotations;

namespace WebsiteFactory.Engine;

/// <summary>Settings of the embedded durable engine (configuration section <c>Engine</c>). Every default suits production.</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Engine";

    /// <summary>Gets or sets the PostgreSQL schema of the engine's tables. Default <c>wf_engine</c>.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,40}$")]
    public string Schema { get; set; } = "wf_engine";

    /// <summary>Gets or sets this worker's id, recorded as lease owner. Default: host name, process id and a random suffix.</summary>
    [Required]
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Gets or sets a value indicating whether this process runs dispatchers (false: client only). Default <see langword="true"/>.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Gets or sets the number of concurrent orchestration dispatch loops; two let one batch run code while the other commits. Default 2.</summary>
    [Range(1, 64)]
    public int OrchestrationDispatchers { get; set; } = 2;

    /// <summary>Gets or sets the most instances claimed and committed together in one episode batch. Default 64.</summary>
    [Range(1, 1000)]
    public int OrchestrationBatchSize { get; set; } = 64;

    /// <summary>Gets or sets the most inbox messages one instance consumes in one episode. Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxMessagesPerEpisode { get; set; } = 1000;

    /// <summary>Gets or sets the number of activities run concurrently by this process. Default 32.</summary>
    [Range(1, 10_000)]
    public int ActivityConcurrency { get; set; } = 32;

    /// <summary>Gets or sets the most results completed in one commit. Default 256.</summary>
    [Range(1, 10_000)]
    public int ActivityCompletionBatchSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets the lease on a claimed instance or activity. An activity's lease is renewed every third of it while it
    /// runs; a crashed worker's work becomes visible again when its lease expires. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often this worker checks whether another registered worker has died (its PostgreSQL session lock is
    /// free) and releases that worker's leases, so its work resumes within about this long instead of a full
    /// <see cref="LeaseDuration"/>. Default 1 s.
    /// </summary>
    public TimeSpan DeadWorkerScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long a background loop may go without a successful poll (or keep failing) before readiness reports
    /// the engine unhealthy (<see cref="EngineHealthCheck"/>). Never less than two lease renewal periods. Default 30 s.
    /// </summary>
    public TimeSpan LoopStallThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest idle wait between polls; notifications and in-process signals wake dispatchers sooner. Default 1 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets a value indicating whether to use LISTEN/NOTIFY to wake other worker processes (debounced, one NOTIFY per batch at most). Default <see langword="true"/>.</summary>
    public bool UseNotifications { get; set; } = true;

    /// <summary>Gets or sets the size limit of one serialized payload (input, output, event, custom status) in bytes. Default 1 MiB.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets how many orchestrations keep their replay state in memory between episodes (the SDK runner's extended
    /// sessions), so their next episode processes only its new events; 0 replays every episode from history. Default 2000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SessionCapacity { get; set; } = 2000;

    /// <summary>Gets or sets how long an idle orchestration keeps its in-memory session. Default 10 minutes.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how many times an activity is delivered before it is failed as poison (crash loops, lost leases). Default 10.</summary>
    [Range(1, 1000)]
    public int MaxActivityDeliveries { get; set; } = 10;

    /// <summary>Gets or sets how many consecutive episodes of one instance may fail with an engine error before the instance is failed. Default 5.</summary>
    [Range(1, 1000)]
    public int MaxEpisodeFailures { get; set; } = 5;

    /// <summary>Gets or sets how long finished instances are kept before automatic purge; <see langword="null"/> keeps them forever. Default <see langword="null"/>.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>Gets or sets how often the retention purge runs. Default 10 min.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets a value indicating whether the engine creates or upgrades its schema on start. Default <see langword="true"/>.</summary>
    public bool EnsureSchema { get; set; } = true;

    /// <summary>Gets or sets the polling interval of <c>WaitForInstance…Async</c> when no in-process signal arrives. Default 200 ms.</summary>
    public TimeSpan ClientPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
