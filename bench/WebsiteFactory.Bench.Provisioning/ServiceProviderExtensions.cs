using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Small lookups for the benchmark's bookkeeping.</summary>
internal static class ServiceProviderExtensions
{
    public static RegistrarProvider GetRequiredServiceRegistrar(this IServiceProvider services, Guid id) =>
        services.GetRequiredService<IRegistrarAccountRepository>().GetAsync(id).GetAwaiter().GetResult()!.Provider;
}
