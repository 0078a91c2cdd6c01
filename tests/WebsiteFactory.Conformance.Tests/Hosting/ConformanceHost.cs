using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WebsiteFactory.Conformance.Tests.Recording;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Engine;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Conformance.Tests.Hosting;

/// <summary>One running host with the conformance registrations, its <see cref="DurableTaskClient"/>, recorder and gates.</summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    /// <summary>The longest a host may take to stop: the reference host once hung on shutdown, which must not hang the run.</summary>
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(20);

    private readonly IHost host;

    private ConformanceHost(HostKind kind, IHost host, HostRecorder recorder, StubGates gates)
    {
        this.Kind = kind;
        this.host = host;
        this.Recorder = recorder;
        this.Gates = gates;
    }

    /// <summary>Gets which host this is.</summary>
    public HostKind Kind { get; }

    /// <summary>Gets the host's SDK client.</summary>
    public DurableTaskClient Client => this.host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Gets what this host's orchestrators and stubs did.</summary>
    public HostRecorder Recorder { get; }

    /// <summary>Gets this host's stub gates.</summary>
    public StubGates Gates { get; }

    /// <summary>Starts Microsoft's in-process reference host (the stock SDK worker and client over DTFx's in-memory service).</summary>
    public static Task<ConformanceHost> StartReferenceAsync(ScriptBook book) =>
        StartAsync(HostKind.Reference, book, (services, register) =>
        {
            // The sidecar listens on this port; without one it picks a random port that can clash between the test
            // classes' hosts running in parallel.
            services.AddInMemoryDurableTask(register, new InMemoryDurableTaskOptions { Port = FreeTcpPort() });
        });

    /// <summary>Starts the embedded engine on its own schema of <paramref name="dataSource"/>'s database.</summary>
    public static Task<ConformanceHost> StartEngineAsync(ScriptBook book, NpgsqlDataSource dataSource, string schema) =>
        StartAsync(HostKind.Engine, book, (services, register) =>
        {
            // Short leases and polls so no scenario waits on production-sized intervals (as the workflow tests do).
            services.AddWorkflowEngine(register, o =>
            {
                o.Schema = schema;
                o.LeaseDuration = TimeSpan.FromSeconds(5);
                o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
                o.ClientPollInterval = TimeSpan.FromMilliseconds(50);
                o.UseNotifications = false;
            }, _ => dataSource);
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(ShutdownBound);
            await Task.Run(async () =>
            {
                await this.host.StopAsync(cts.Token);
                this.host.Dispose();
            }).WaitAsync(ShutdownBound + TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Leave a hung host behind rather than hang the test run; its process ends with the run.
        }
    }

    private static async Task<ConformanceHost> StartAsync(HostKind kind, ScriptBook book, Action<IServiceCollection, Action<Microsoft.DurableTask.DurableTaskRegistry>> addHost)
    {
        var recorder = new HostRecorder();
        var gates = new StubGates();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // The reference host logs every work item at Information; keep the output to problems.
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        addHost(builder.Services, r => ConformanceTasks.Register(r, book, recorder, gates));

        // The product's payload JSON on worker and client alike, on both hosts.
        builder.Services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
        builder.Services.Configure<DurableTaskClientOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
        var host = builder.Build();
        await host.StartAsync();
        return new ConformanceHost(kind, host, recorder, gates);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
