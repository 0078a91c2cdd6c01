using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Simulators;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>Simulators + the real adapters wired by <c>AddVendorProviders</c>, with seeded accounts and secrets.</summary>
public sealed class VendorTestHost : IAsyncDisposable
{
    private VendorTestHost(SimulatorHost simulators, ServiceProvider services, DictionarySecretStore secrets)
    {
        Simulators = simulators;
        Services = services;
        Secrets = secrets;
    }

    public SimulatorHost Simulators { get; }

    public ServiceProvider Services { get; }

    public DictionarySecretStore Secrets { get; }

    public CloudflareAccount Cloudflare1 { get; } = new()
    {
        Id = Guid.NewGuid(), Email = "a@example.com", AccountNickname = "cf1", CloudflareAccountId = $"{1:x32}", ApiTokenSecretName = SecretName.Parse("cf-token-1", CultureInfo.InvariantCulture),
    };

    public CloudflareAccount Cloudflare2 { get; } = new()
    {
        Id = Guid.NewGuid(), Email = "b@example.com", AccountNickname = "cf2", CloudflareAccountId = $"{2:x32}", ApiTokenSecretName = SecretName.Parse("cf-token-2", CultureInfo.InvariantCulture),
    };

    public RegistrarAccount Namecheap { get; } = new()
    {
        Id = Guid.NewGuid(), Provider = RegistrarProvider.Namecheap, AccountNickname = "nc", ApiUser = "simuser",
        ApiKeySecretName = SecretName.Parse("nc-key", CultureInfo.InvariantCulture), ClientIp = IPAddress.Loopback,
    };

    public RegistrarAccount Spaceship { get; } = new()
    {
        Id = Guid.NewGuid(), Provider = RegistrarProvider.Spaceship, AccountNickname = "ss", ApiUser = "ss",
        ApiKeySecretName = SecretName.Parse("ss-key", CultureInfo.InvariantCulture), ApiSecretSecretName = SecretName.Parse("ss-secret", CultureInfo.InvariantCulture),
    };

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<VendorTestHost> StartAsync(SimulatorOptions? options = null, IDictionary<string, string?>? extraConfig = null, TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var sim = await SimulatorHost.StartAsync(options, clock: clock);
        sim.SeedDemo(cloudflareAccounts: 2);
        var secrets = new DictionarySecretStore();
        await secrets.SetAsync("cf-token-1", "sim-cf-token-1");
        await secrets.SetAsync("cf-token-2", "sim-cf-token-2");
        await secrets.SetAsync("nc-key", "sim-namecheap-key");
        await secrets.SetAsync("ss-key", "sim-spaceship-key");
        await secrets.SetAsync("ss-secret", "sim-spaceship-secret");
        await secrets.SetAsync("matomo-token", sim.State.Options.Matomo.TokenAuth);

        var config = new Dictionary<string, string?>(sim.ClientSettings);
        foreach (var (k, v) in extraConfig ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<ISecretStore>(secrets);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddVendorProviders(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        configure?.Invoke(services);
        return new VendorTestHost(sim, services.BuildServiceProvider(), secrets);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulators.DisposeAsync();
    }
}
