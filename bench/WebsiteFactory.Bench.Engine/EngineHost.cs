using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WebsiteFactory.Bench.Engine;

/// <summary>Starts and stops the engine's hosted services (the worker) of a service provider, as a host would.</summary>
internal static class EngineHost
{
    public static async Task StartAsync(IServiceProvider provider)
    {
        foreach (IHostedService hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    public static async Task StopAsync(IServiceProvider provider)
    {
        foreach (IHostedService hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }
}
