using System.Globalization;
using System.Net;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Simulators;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Simulators + real adapters + provisioning workflows on one accelerated clock, with sites spread over accounts.</summary>
internal sealed class BenchmarkEnvironment : IAsyncDisposable
{
    private BenchmarkEnvironment(SimulatorHost sim, ServiceProvider services, AcceleratedTimeProvider clock, InMemorySiteStore sites, IReadOnlyList<Site> siteList)
    {
        Simulators = sim;
        Services = services;
        Clock = clock;
        Store = sites;
        Sites = siteList;
    }

    public SimulatorHost Simulators { get; }

    public ServiceProvider Services { get; }

    public AcceleratedTimeProvider Clock { get; }

    public InMemorySiteStore Store { get; }

    public IReadOnlyList<Site> Sites { get; }

    public static SimulatorOptions SimulatorOptions(BenchmarkConfig config) => new()
    {
        Latency = new LatencyOptions { Minimum = config.LatencyMin, Maximum = config.LatencyMax },
    };

    /// <summary>Provisioning settings used by the run (printed with the figures).</summary>
    public static ProvisionSettings Settings { get; } = new()
    {
        DelegationFirstPoll = TimeSpan.FromSeconds(10),
        DelegationMaxPoll = TimeSpan.FromSeconds(20),
        StepFirstRetry = TimeSpan.FromSeconds(5),
        StepMaxRetry = TimeSpan.FromMinutes(2),

        // The benchmark measures the rate-limited provisioning pipeline; publishing has no shared vendor budgets.
        Publish = false,
    };

    public static async Task<BenchmarkEnvironment> StartAsync(BenchmarkConfig config, int siteCount, string prefix)
    {
        var clock = new AcceleratedTimeProvider(config.Speed);
        var options = SimulatorOptions(config);
        var sim = await SimulatorHost.StartAsync(options, clock: clock);
        var secrets = new InMemorySecretStore();
        var cloudflare = new InMemoryRepository<CloudflareAccount>(a => a.Id, a => a.AccountNickname);
        var registrars = new InMemoryRepository<RegistrarAccount>(a => a.Id, a => a.AccountNickname);
        var servers = new InMemoryRepository<HostingServer>(s => s.Id, s => s.Name);
        var cfList = new List<CloudflareAccount>();
        for (var a = 0; a < config.CloudflareAccounts; a++)
        {
            sim.State.Cloudflare.AddToken($"cf-token-{a}", $"{a + 1:x32}", $"Account {a}");
            await secrets.SetAsync($"cf-{a}", $"cf-token-{a}");
            var acc = new CloudflareAccount { Id = Guid.NewGuid(), Email = $"a{a}@example.com", AccountNickname = $"cf{a}", CloudflareAccountId = $"{a + 1:x32}", ApiTokenSecretName = SecretName.Parse($"cf-{a}", CultureInfo.InvariantCulture) };
            cloudflare.Add(acc);
            cfList.Add(acc);
        }

        var regList = new List<RegistrarAccount>();
        for (var u = 0; u < config.NamecheapUsers; u++)
        {
            sim.State.Namecheap.AddUser($"ncuser{u}", $"nckey{u}", options.Namecheap, "127.0.0.1");
            await secrets.SetAsync($"nc-{u}", $"nckey{u}");
            var acc = new RegistrarAccount { Id = Guid.NewGuid(), Provider = RegistrarProvider.Namecheap, AccountNickname = $"nc{u}", ApiUser = $"ncuser{u}", ApiKeySecretName = SecretName.Parse($"nc-{u}", CultureInfo.InvariantCulture), ClientIp = IPAddress.Loopback };
            registrars.Add(acc);
            regList.Add(acc);
        }

        for (var k = 0; k < config.SpaceshipKeys; k++)
        {
            sim.State.Spaceship.AddKey($"sskey{k}", $"sssecret{k}");
            await secrets.SetAsync($"ss-{k}", $"sskey{k}");
            await secrets.SetAsync($"ss-{k}-secret", $"sssecret{k}");
            var acc = new RegistrarAccount { Id = Guid.NewGuid(), Provider = RegistrarProvider.Spaceship, AccountNickname = $"ss{k}", ApiUser = $"ss{k}", ApiKeySecretName = SecretName.Parse($"ss-{k}", CultureInfo.InvariantCulture), ApiSecretSecretName = SecretName.Parse($"ss-{k}-secret", CultureInfo.InvariantCulture) };
            registrars.Add(acc);
            regList.Add(acc);
        }

        var serverList = new List<HostingServer>();
        for (var s = 0; s < config.Servers; s++)
        {
            var server = new HostingServer
            {
                Id = Guid.NewGuid(), Name = $"srv{s}", Address = $"192.0.2.{s + 1}", SshUser = "root", SshKeySecretName = SecretName.Parse("unused", CultureInfo.InvariantCulture),
                HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='), CultureInfo.InvariantCulture),
            };
            servers.Add(server);
            serverList.Add(server);
        }

        var store = new InMemorySiteStore();
        var siteList = new List<Site>();
        for (var i = 0; i < siteCount; i++)
        {
            var site = new Site
            {
                Id = Guid.NewGuid(),
                Domain = DomainName.Parse($"{prefix}{i:D4}.com", CultureInfo.InvariantCulture),
                CloudflareAccountId = cfList[i % cfList.Count].Id,
                RegistrarAccountId = regList[i % regList.Count].Id,
                ServerId = serverList[i % serverList.Count].Id,
            };
            store.Add(site);
            siteList.Add(site);
        }

        var http = new Dictionary<string, string?>(sim.ClientSettings);
        foreach (var vendor in new[] { "Cloudflare", "Namecheap", "Spaceship", "Matomo", "Dns" })
        {
            // On a clock 60x faster, a 15 s attempt timeout is 0.25 s of real time: too short for loopback under load.
            http[$"Providers:{vendor}:Http:AttemptTimeout"] = "00:05:00";
            http[$"Providers:{vendor}:Http:TotalTimeout"] = "00:15:00";
        }

        // Real scheduling delays are multiplied by the clock speed (on a loaded 2-core machine a 1 s stall is 20 s simulated at x20); a wider guard
        // keeps edge-of-window bursts from arriving inside the vendor's previous window.
        http["Providers:Namecheap:WindowGuard"] = "00:00:30";
        http["Providers:Cloudflare:WindowGuard"] = "00:00:10";

        await secrets.SetAsync("matomo-token", options.Matomo.TokenAuth);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IRateBudget>(new InMemoryRateBudget(clock));
        services.AddSingleton<ISecretStore>(secrets);
        services.AddSingleton<ICloudPanelClient>(new SimulatedCloudPanel(clock, config.SessionsPerServer));
        services.AddSingleton<ISiteStateStore>(store);
        services.AddSingleton<ICloudflareAccountRepository>(cloudflare);
        services.AddSingleton<IRegistrarAccountRepository>(registrars);
        services.AddSingleton<IHostingServerRepository>(servers);
        services.AddSingleton<ProvisioningLookups>();
        services.AddVendorProviders(new ConfigurationBuilder().AddInMemoryCollection(http).Build());
        services.AddSingleton<IActivityExecutionAccessor, ActivityExecutionAccessor>();
        services.AddSingleton(new InMemoryTaskCatalog(new DurableTaskRegistry().AddProvisioning()));
        return new BenchmarkEnvironment(sim, services.BuildServiceProvider(), clock, store, siteList);
    }

    /// <summary>Requests the vendors refused for rate reasons (Cloudflare 429, Namecheap 405, Spaceship 429).</summary>
    public long RateLimitedResponses =>
        Simulators.State.Cloudflare.RateLimitedCount + Simulators.State.Namecheap.ThrottledCount + Simulators.State.Spaceship.ThrottledCount;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulators.DisposeAsync();
    }
}
