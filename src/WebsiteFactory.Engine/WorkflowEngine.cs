using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Engine.Client;
using WebsiteFactory.Engine.Dispatch;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine;

/// <summary>
/// The embedded durable engine of one process: ensures its schema, then runs the orchestration and activity
/// dispatchers, the notification listener and the retention purge until stopped. Registered as a hosted service by
/// <see cref="EngineServiceCollectionExtensions.AddWorkflowEngine"/>.
/// </summary>
public sealed class WorkflowEngine : IHostedService, IAsyncDisposable
{
    private readonly EngineOptions options;
    private readonly EngineStore store;
    private readonly ILogger logger;
    private readonly Signals signals = new();
    private readonly CursorCache cache;
    private readonly ActivityDispatcher? activities;
    private readonly List<OrchestrationDispatcher> orchestrations = [];
    private readonly NotificationListener listener;
    private readonly RetentionService retention;
    private readonly EngineMetrics metrics;
    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private bool schemaReady;
    private CancellationTokenSource? stopping;
    private Task? running;

    /// <summary>Initializes a new instance of the <see cref="WorkflowEngine"/> class.</summary>
    /// <param name="services">The root service provider (registrations, activities' dependencies, logging).</param>
    /// <param name="options">The engine options.</param>
    /// <param name="dataSource">The PostgreSQL data source.</param>
    public WorkflowEngine(IServiceProvider services, IOptions<EngineOptions> options, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        ILoggerFactory loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        this.logger = loggerFactory.CreateLogger<WorkflowEngine>();
        var catalog = services.GetService<WorkflowCatalog>() ?? new WorkflowCatalog([]);
        var converter = services.GetService<DataConverter>() ?? JsonDataConverter.Default;
        var env = new ExecutorEnvironment(catalog, services, converter, loggerFactory, this.options.MaxPayloadBytes);
        this.store = new EngineStore(dataSource, this.options);
        this.cache = new CursorCache(this.options.CursorCacheCapacity);
        this.metrics = new EngineMetrics(services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        if (this.options.RunWorkers)
        {
            this.activities = new ActivityDispatcher(this.store, env, this.options, this.signals, this.logger);
            var runner = new EpisodeRunner(env, this.store, this.cache, this.options);
            ActivityDispatcher dispatcher = this.activities;
            var clock = new DatabaseClock();
            var fused = new FusedCompleter(this.store, runner, this.cache, () => dispatcher, this.signals, this.metrics, clock, this.options.UseNotifications, this.logger);
            this.activities.UseFusedCompletion(fused.CompleteAsync);
            for (int i = 0; i < this.options.OrchestrationDispatchers; i++)
            {
                this.orchestrations.Add(new OrchestrationDispatcher(this.store, runner, this.cache, this.activities, this.options, this.signals, this.metrics, clock, this.logger));
            }
        }

        this.listener = new NotificationListener(dataSource, this.store.NotifyChannel, this.signals, this.logger);
        this.retention = new RetentionService(this.store, this.options, services.GetService<TimeProvider>() ?? TimeProvider.System, this.logger);
        this.Client = new PostgresWorkflowClient(this.store, env, this.options, this.signals, this.EnsureSchemaAsync);
    }

    /// <summary>Gets the client bound to this engine (also registered as <see cref="IWorkflowClient"/>).</summary>
    public IWorkflowClient Client { get; }

    /// <summary>Gets how many activity executions this process started (redeliveries included).</summary>
    public long ActivityExecutions => this.activities?.Executions ?? 0;

    /// <summary>Gets the cursor-cache hit count.</summary>
    public long CursorCacheHits => this.cache.Hits;

    /// <summary>Gets the cursor-cache miss count.</summary>
    public long CursorCacheMisses => this.cache.Misses;

    /// <summary>Gets the number of cached cursors.</summary>
    public int CursorCacheCount => this.cache.Count;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await this.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (!this.options.RunWorkers || this.running is not null)
        {
            return;
        }

        this.stopping = new CancellationTokenSource();
        CancellationToken token = this.stopping.Token;
        var loops = new List<Task> { Task.Run(() => this.activities!.RunAsync(token), CancellationToken.None) };
        loops.AddRange(this.orchestrations.Select(d => Task.Run(() => d.RunAsync(token), CancellationToken.None)));
        if (this.options.UseNotifications)
        {
            loops.Add(Task.Run(() => this.listener.RunAsync(token), CancellationToken.None));
        }

        loops.Add(Task.Run(() => this.retention.RunAsync(token), CancellationToken.None));
        this.running = Task.WhenAll(loops);
        Log.EngineStarted(this.logger, this.options.WorkerId, this.options.Schema, this.options.OrchestrationDispatchers, this.options.ActivityConcurrency);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (this.stopping is null || this.running is null)
        {
            return;
        }

        await this.stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await this.running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        this.running = null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.StopAsync(CancellationToken.None).ConfigureAwait(false);
        this.stopping?.Dispose();
        this.metrics.Dispose();
        this.schemaGate.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (this.schemaReady || !this.options.EnsureSchema)
        {
            return;
        }

        await this.schemaGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!this.schemaReady)
            {
                await EngineSchema.EnsureAsync(this.store.DataSource, this.options.Schema, ct).ConfigureAwait(false);
                this.schemaReady = true;
            }
        }
        finally
        {
            this.schemaGate.Release();
        }
    }
}
