using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>A <see cref="VendorMetrics"/> on a meter factory of its own, for adapters built by hand.</summary>
internal static class TestVendorMetrics
{
    public static VendorMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), TimeProvider.System);
}
