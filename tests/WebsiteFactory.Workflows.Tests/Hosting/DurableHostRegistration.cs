using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Engine;

namespace WebsiteFactory.Workflows.Tests.Hosting;

/// <summary>The one switch between durable hosts: registers the chosen host's worker and <see cref="DurableTaskClient"/>.</summary>
public static class DurableHostRegistration
{
    /// <summary>The host the workflow tests run on.</summary>
    public static DurableHost Current => DurableHost.Engine;

    /// <summary>
    /// Registers <paramref name="host"/> with <paramref name="tasks"/> and the product's payload converter
    /// (<see cref="WorkflowSerialization.Converter"/>) on both the worker and the client.
    /// </summary>
    /// <param name="services">The host's services (activities resolve their dependencies from them).</param>
    /// <param name="host">The host.</param>
    /// <param name="tasks">Registers orchestrators and activities.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddDurableHost(this IServiceCollection services, DurableHost host, Action<DurableTaskRegistry> tasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tasks);
        switch (host)
        {
            case DurableHost.Reference:
                // The reference host's gRPC sidecar listens on this port; without one it picks a random port that can
                // clash between test classes running in parallel.
                services.AddInMemoryDurableTask(tasks, new InMemoryDurableTaskOptions { Port = FreeTcpPort() });
                services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
                services.Configure<DurableTaskClientOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
                return services;

            case DurableHost.Engine:
                // The embedded engine on the test database (the data layer's NpgsqlDataSource), with short leases and
                // polls so a test never waits on production-sized intervals.
                services.AddWorkflowEngine(tasks, o =>
                {
                    o.LeaseDuration = TimeSpan.FromSeconds(5);
                    o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
                    o.ClientPollInterval = TimeSpan.FromMilliseconds(50);
                    o.UseNotifications = false;
                });
                services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
                services.Configure<DurableTaskClientOptions>(o => o.DataConverter = WorkflowSerialization.Converter);
                return services;

            default:
                throw new ArgumentOutOfRangeException(nameof(host), host, "Unknown durable host.");
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
