using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>A running engine on its own schema of the fixture's database, with short leases and polls for fast tests.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private EngineHarness(ServiceProvider provider, string schema, NpgsqlDataSource dataSource)
    {
        this.provider = provider;
        this.Schema = schema;
        this.DataSource = dataSource;
    }

    public string Schema { get; }

    public NpgsqlDataSource DataSource { get; }

    public EngineStatistics Statistics => this.provider.GetRequiredService<EngineStatistics>();

    public DurableTaskClient Client => this.provider.GetRequiredService<DurableTaskClient>();

    private IEnumerable<IHostedService> HostedServices => this.provider.GetServices<IHostedService>();

    public IServiceProvider Services => this.provider;

    public static async Task<EngineHarness> StartAsync(
        PostgresFixture fixture, Action<DurableTaskRegistry> register, Action<EngineOptions>? configure = null, Action<IServiceCollection>? services = null, string? schema = null)
    {
        schema ??= "t_" + Guid.NewGuid().ToString("N")[..12];
        var collection = new ServiceCollection();
        collection.AddSingleton(fixture.DataSource);
        collection.AddLogging();
        services?.Invoke(collection);
        collection.AddWorkflowEngine(register, o =>
        {
            o.Schema = schema;
            o.LeaseDuration = TimeSpan.FromSeconds(3);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
            o.ActivityConcurrency = 8;
            o.UseNotifications = false;
            o.ClientPollInterval = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        ServiceProvider provider = collection.BuildServiceProvider();
        var harness = new EngineHarness(provider, schema, fixture.DataSource);
        foreach (IHostedService hosted in harness.HostedServices)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>Waits for completion with a generous timeout, so a hung engine fails the test instead of hanging it.</summary>
    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the instance.</summary>
    public async Task<OrchestrationMetadata> WaitUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            OrchestrationMetadata? metadata = await this.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Counts rows in an engine table.</summary>
    public async Task<long> CountAsync(string table, string where = "true")
    {
        await using var command = this.DataSource.CreateCommand($"SELECT count(*) FROM {this.Schema}.{table} WHERE {where}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until a table has the given number of rows.</summary>
    public async Task WaitForTablesAsync(string table, long expected, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (await this.CountAsync(table) != expected)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Runs a scalar query.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = this.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IHostedService hosted in this.HostedServices)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await this.provider.DisposeAsync();
    }
}
