using System.Globalization;
using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Engine;
using WebsiteFactory.Providers.Tests.Vendors;
using WebsiteFactory.Simulators;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Testing;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>
/// The whole provisioning stack for end-to-end tests: simulators, a real sshd with the clpctl stand-in, real PostgreSQL
/// (data layer and engine), the real adapters, and the embedded engine running the provisioning workflows.
/// </summary>
public sealed class ProvisioningHarness : IAsyncDisposable
{
    private ProvisioningHarness(SimulatorHost simulators, ClpctlStandIn clpctl, ServiceProvider services, DictionarySecretStore secrets, CapturingLoggerProvider logs, string connectionString, VendorCalls vendorCalls)
    {
        VendorCalls = vendorCalls;
        Simulators = simulators;
        Clpctl = clpctl;
        Services = services;
        Secrets = secrets;
        Logs = logs;
        ConnectionString = connectionString;
    }

    public SimulatorHost Simulators { get; }

    public ClpctlStandIn Clpctl { get; }

    public ServiceProvider Services { get; }

    public DictionarySecretStore Secrets { get; }

    public CapturingLoggerProvider Logs { get; }

    public string ConnectionString { get; }

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Every request the vendor adapters sent to the simulators (method and path), retries included.</summary>
    public VendorCalls VendorCalls { get; }

    public Guid CloudflareAccountId { get; private set; }

    public Guid NamecheapAccountId { get; private set; }

    public Guid SpaceshipAccountId { get; private set; }

    public Guid ServerId { get; private set; }

    public Guid GscAccountId { get; private set; }

    /// <summary>Publish settings that make a run take seconds: fast verification polls and step retries.</summary>
    public static ContentSettings FastContent { get; } = new()
    {
        VerificationAttempts = 20,
        VerificationFirstDelay = TimeSpan.FromMilliseconds(200),
        VerificationMaxDelay = TimeSpan.FromSeconds(1),
        StepMaxAttempts = 3,
        StepFirstRetry = TimeSpan.FromMilliseconds(200),
    };

    /// <summary><see cref="FastSettings"/> with the publish pipeline on (content, Astro build, rsync deploy, Search Console).</summary>
    public static ProvisionSettings FastPublishSettings => FastSettings with { Publish = true, Content = FastContent };

    /// <summary>Settings that make a run take seconds: fast polls, fast simulated activation.</summary>
    public static ProvisionSettings FastSettings { get; } = new()
    {
        DelegationFirstPoll = TimeSpan.FromMilliseconds(200),
        DelegationMaxPoll = TimeSpan.FromSeconds(1),
        DelegationTimeout = TimeSpan.FromSeconds(90),
        OriginTimeout = TimeSpan.FromSeconds(60),
        StepFirstRetry = TimeSpan.FromMilliseconds(200),
        StepMaxRetry = TimeSpan.FromSeconds(1),
        StepMaxAttempts = 3,

        // These tests cover the hosting pipeline; publishing (content/build/deploy) has its own tests.
        Publish = false,
    };

    public static async Task<ProvisioningHarness> StartAsync(LoopbackSshServer sshd, Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { DnsPropagationDelay = TimeSpan.FromMilliseconds(300) };
        options.Cloudflare.PassiveActivationDelay = TimeSpan.FromSeconds(3);
        options.Cloudflare.CheckedActivationDelay = TimeSpan.FromMilliseconds(300);
        options.Cloudflare.ActivationCheckInterval = TimeSpan.FromMilliseconds(500);
        options.Google.VerificationDelay = TimeSpan.FromMilliseconds(300);
        configure?.Invoke(options);
        var sim = await SimulatorHost.StartAsync(options);
        sim.SeedDemo(cloudflareAccounts: 1);
        var clpctl = ClpctlStandIn.Install(sshd);

        var secrets = new DictionarySecretStore();
        await secrets.SetAsync("cf-token", "sim-cf-token-1");
        await secrets.SetAsync("nc-key", "sim-namecheap-key");
        await secrets.SetAsync("ss-key", "sim-spaceship-key");
        await secrets.SetAsync("ss-secret", "sim-spaceship-secret");
        await secrets.SetAsync("matomo-token", sim.State.Options.Matomo.TokenAuth);
        await secrets.SetAsync("ssh-key", sshd.ClientPrivateKey);
        await secrets.SetAsync("openai-api-key", ContentSimulators.ChatApiKey);
        await secrets.SetAsync("directus-token", ContentSimulators.DirectusToken);
        await secrets.SetAsync("gsc-client-secret", ContentSimulators.GoogleClientSecret);
        await secrets.SetAsync("gsc-refresh-token", ContentSimulators.GoogleRefreshToken);

        var cs = await PostgresFixture.CreateDatabaseAsync("prov");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(sim.ClientSettings)
        {
            ["ConnectionStrings:WebsiteFactory"] = cs,
            ["Providers:CloudPanel:ClpctlCommand"] = clpctl.CommandPath,
            ["Providers:CloudPanel:HomeDirectory"] = clpctl.HomeDirectory,
            ["Providers:CloudPanel:CertificateDirectory"] = clpctl.CertificateDirectory,
            ["Content:Build:TemplateDirectory"] = RepositoryPaths.SiteTemplate,
            ["Content:Build:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "wf-astro-cache-tests"),
        }).Build();

        var logs = new CapturingLoggerProvider();
        var vendorCalls = new VendorCalls();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddSingleton<ISecretStore>(secrets);
        services.AddWebsiteFactoryData(config);
        services.AddVendorProviders(config);
        services.AddContentProviders(config);
        services.AddSingleton(ContentWorkflowOptions.From(sim.MatomoUrl.ToString(), null));
        services.AddSingleton<ProvisioningLookups>();
        services.AddSingleton<IOrchestrationStarter>(sp => new DurableTaskClientStarter(sp.GetRequiredService<DurableTaskClient>()));
        services.AddWorkflowSerialization();
        services.AddWorkflowEngine(
            r => r.AddProvisioning().AddContentWorkflows(),
            o =>
            {
                o.Schema = "wf_engine";
                o.LeaseDuration = TimeSpan.FromSeconds(5);
                o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
                o.ActivityConcurrency = 16;
                o.ClientPollInterval = TimeSpan.FromMilliseconds(50);
            });

        // Registered after the clients' own handlers, so it is the innermost one and sees every attempt.
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new VendorCalls.Handler(vendorCalls))));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await Worker(provider).StartAsync(CancellationToken.None);

        var harness = new ProvisioningHarness(sim, clpctl, provider, secrets, logs, cs, vendorCalls);
        await harness.SeedAccountsAsync(sshd);
        return harness;
    }

    private async Task SeedAccountsAsync(LoopbackSshServer sshd)
    {
        var cf = await Services.GetRequiredService<ICloudflareAccountRepository>().CreateAsync(new CloudflareAccount
        {
            Email = "ops@example.com", AccountNickname = "cf-main", CloudflareAccountId = $"{1:x32}", ApiTokenSecretName = SecretName.Parse("cf-token", CultureInfo.InvariantCulture),
        });
        var registrars = Services.GetRequiredService<IRegistrarAccountRepository>();
        var nc = await registrars.CreateAsync(new RegistrarAccount
        {
            Provider = Core.Ports.Vendors.RegistrarProvider.Namecheap, AccountNickname = "nc-main", ApiUser = "simuser",
            ApiKeySecretName = SecretName.Parse("nc-key", CultureInfo.InvariantCulture), ClientIp = IPAddress.Loopback,
        });
        var ss = await registrars.CreateAsync(new RegistrarAccount
        {
            Provider = Core.Ports.Vendors.RegistrarProvider.Spaceship, AccountNickname = "ss-main", ApiUser = "ss",
            ApiKeySecretName = SecretName.Parse("ss-key", CultureInfo.InvariantCulture), ApiSecretSecretName = SecretName.Parse("ss-secret", CultureInfo.InvariantCulture),
        });
        var server = await Services.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
        {
            Name = "loopback", Address = sshd.Host, SshPort = sshd.Port, SshUser = sshd.UserName,
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture), HostKeyFingerprint = SshHostKeyFingerprint.Parse(sshd.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        });
        var gsc = await Services.GetRequiredService<IGscAccountRepository>().CreateAsync(new GscAccount
        {
            Email = ContentSimulators.GoogleUser, AccountNickname = "gsc-main", OAuthClientId = ContentSimulators.GoogleClientId,
            OAuthClientSecretName = SecretName.Parse("gsc-client-secret", CultureInfo.InvariantCulture), CredentialsSecretName = SecretName.Parse("gsc-refresh-token", CultureInfo.InvariantCulture),
        });
        GscAccountId = gsc.Id;
        CloudflareAccountId = cf.Id;
        NamecheapAccountId = nc.Id;
        SpaceshipAccountId = ss.Id;
        ServerId = server.Id;
    }

    /// <summary>Adds a site; <paramref name="niche"/> (needed to generate content) also attaches the Search Console account.</summary>
    public async Task<Site> AddSiteAsync(string domain, bool spaceship = false, string? niche = null) =>
        await Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite
        {
            Domain = DomainName.Parse(domain, CultureInfo.InvariantCulture),
            CloudflareAccountId = CloudflareAccountId,
            RegistrarAccountId = spaceship ? SpaceshipAccountId : NamecheapAccountId,
            ServerId = ServerId,
            GscAccountId = niche is null ? null : GscAccountId,
            Brand = "Test brand",
            Niche = niche,
        });

    public async Task<Site> GetSiteAsync(Guid id) => (await Services.GetRequiredService<ISiteStateStore>().GetAsync(id))!;

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object input, string instanceId, int seconds = 300)
    {
        await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Asserts that no stored secret (at least 8 characters; a line of a multi-line key) appears in any visible text.</summary>
    public async Task AssertNoVisibleSecretsAsync(IEnumerable<string> instanceIds)
    {
        var texts = await VisibleTextAsync(instanceIds);
        Assert.NotEmpty(texts);
        var secrets = Secrets.Values.Where(v => v.Length >= 8).ToList();
        Assert.Contains(secrets, s => s.Length == 24); // the generated site password is among the checked values
        foreach (var secret in secrets)
        {
            var probe = secret.Contains('\n', StringComparison.Ordinal) ? secret.Split('\n')[1] : secret; // a line of the SSH key
            Assert.DoesNotContain(texts, t => t.Contains(probe, StringComparison.Ordinal));
        }
    }

    /// <summary>Every text the product wrote that an operator can see: logs, orchestration history, site rows and events.</summary>
    public async Task<List<string>> VisibleTextAsync(IEnumerable<string> instanceIds)
    {
        var texts = new List<string>(Logs.Lines);
        foreach (var id in instanceIds)
        {
            var meta = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            texts.Add($"{meta?.SerializedInput} {meta?.SerializedOutput} {meta?.SerializedCustomStatus} {meta?.FailureDetails}");
            foreach (var e in await Client.GetOrchestrationHistoryAsync(id))
            {
                texts.Add(System.Text.Json.JsonSerializer.Serialize(e, e.GetType()));
            }
        }

        await using var data = NpgsqlDataSource.Create(ConnectionString);
        await using (var cmd = data.CreateCommand("SELECT coalesce(error_message, '') FROM wf.sites UNION ALL SELECT coalesce(message, '') FROM wf.site_events"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                texts.Add(reader.GetString(0));
            }
        }

        return texts;
    }

    /// <summary>The embedded engine's worker (a hosted service; there is no host here to start it).</summary>
    private static PostgresDurableTaskWorker Worker(IServiceProvider services) => services.GetServices<IHostedService>().OfType<PostgresDurableTaskWorker>().Single();

    public async ValueTask DisposeAsync()
    {
        await Worker(Services).StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        await Simulators.DisposeAsync();
    }
}
