using System.Globalization;
using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Data;
using WebsiteFactory.Testing;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Tests.Hosting;

namespace WebsiteFactory.Workflows.Tests.Content;

/// <summary>
/// The site workflows (provisioning, content, analytics) on a durable host (<see cref="DurableHostRegistration.Current"/>:
/// Microsoft's in-process reference host until the embedded engine is wired) and the real data layer (a fresh
/// PostgreSQL database), with NSubstitute fakes of the vendor and build/deploy ports (a real Astro build and rsync would
/// take minutes; those adapters have their own tests). Shared by the tests of one class: each test uses its own sites.
/// </summary>
public sealed class ContentWorkflowHarness : IAsyncLifetime
{
    private IHost? host;

    public IContentGenerator Generator { get; } = Substitute.For<IContentGenerator>();

    public InMemoryContentStore ContentStore { get; } = new();

    public ISiteBuilder Builder { get; } = Substitute.For<ISiteBuilder>();

    public ISiteDeployer Deployer { get; } = Substitute.For<ISiteDeployer>();

    public ISearchConsole SearchConsole { get; } = Substitute.For<ISearchConsole>();

    public ICloudflareClient Cloudflare { get; } = Substitute.For<ICloudflareClient>();

    public IMatomoClient Matomo { get; } = Substitute.For<IMatomoClient>();

    public IRegistrarClient Registrar { get; } = Substitute.For<IRegistrarClient>();

    public IDnsResolver Dns { get; } = Substitute.For<IDnsResolver>();

    public ICloudPanelClient CloudPanel { get; } = Substitute.For<ICloudPanelClient>();

    public string ArtifactsDirectory { get; } = Path.Combine(Path.GetTempPath(), "wf-content-tests-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => this.host?.Services ?? throw new InvalidOperationException("Not started.");

    public DurableTaskClient Client => this.Services.GetRequiredService<DurableTaskClient>();

    public string ConnectionString { get; private set; } = string.Empty;

    public Guid CloudflareAccountId { get; private set; }

    public Guid ServerId { get; private set; }

    public Guid GscAccountId { get; private set; }

    public Guid RegistrarAccountId { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        this.ConnectionString = await PostgresFixture.CreateDatabaseAsync("content");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:WebsiteFactory"] = this.ConnectionString,
        }).Build();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var s = builder.Services;

        // The reference host logs every work item at Information; keep the test output to problems.
        s.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        s.AddSingleton(Substitute.For<ISecretStore>()); // before the data layer's TryAdd: no secrets directory on disk
        s.AddWebsiteFactoryData(config);
        s.AddSingleton(this.Generator);
        s.AddSingleton<IContentStore>(this.ContentStore);
        s.AddSingleton(this.Builder);
        s.AddSingleton(this.Deployer);
        s.AddSingleton(this.SearchConsole);
        s.AddSingleton(this.Cloudflare);
        s.AddSingleton(this.Matomo);
        s.AddSingleton(this.Registrar);
        s.AddSingleton(this.Dns);
        s.AddSingleton(this.CloudPanel);
        s.AddSingleton(new ContentWorkflowOptions { ArtifactsDirectory = this.ArtifactsDirectory });
        s.AddSingleton<ProvisioningLookups>();
        s.AddSingleton<IActivityExecutionAccessor, ActivityExecutionAccessor>();
        s.AddSingleton<IOrchestrationStarter>(sp => new DurableTaskClientStarter(sp.GetRequiredService<DurableTaskClient>()));
        s.AddDurableHost(DurableHostRegistration.Current, r => r.AddProvisioning().AddContentWorkflows());
        this.host = builder.Build();
        await this.host.StartAsync(); // migrates the database (the data layer's hosted service), then starts the host

        // Sites a test does not configure have nothing to report (NSubstitute would return a list substitute).
        this.Matomo.GetDailyVisitsAsync(Arg.Any<int>(), Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<VisitsSummary>());
        this.SearchConsole.QueryDailyAsync(Arg.Any<GscAccount>(), Arg.Any<DomainName>(), Arg.Any<DateOnly>(), Arg.Any<DateOnly>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<SearchAnalyticsDay>());
        this.Cloudflare.ListRecordsAsync(Arg.Any<CloudflareAccount>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<DnsRecord>());
        this.Cloudflare.UpsertRecordAsync(Arg.Any<CloudflareAccount>(), Arg.Any<string>(), Arg.Any<DnsRecordSpec>(), Arg.Any<CancellationToken>())
            .Returns(c => new DnsRecord("rec-" + Guid.NewGuid().ToString("N")[..8], c.ArgAt<DnsRecordSpec>(2).Type, c.ArgAt<DnsRecordSpec>(2).Name, c.ArgAt<DnsRecordSpec>(2).Content, 1, false));
        this.Builder.BuildAsync(Arg.Any<SiteBuildRequest>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(async c =>
        {
            var dir = c.ArgAt<string>(1);
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "index.html"), "<!doctype html><title>site</title>");
            return new SiteBuildResult(dir, 1, TimeSpan.FromMilliseconds(1));
        });
        this.Deployer.DeployAsync(Arg.Any<DeployTarget>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(c => new DeployResult(c.ArgAt<string>(2), null, [c.ArgAt<string>(2)]));

        var cf = await this.Services.GetRequiredService<ICloudflareAccountRepository>().CreateAsync(new CloudflareAccount
        {
            Email = "ops@example.com", AccountNickname = "cf-main", CloudflareAccountId = $"{1:x32}",
            ApiTokenSecretName = SecretName.Parse("cf-token", CultureInfo.InvariantCulture),
        });
        var server = await this.Services.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
        {
            Name = "web-1", Address = "203.0.113.10", SshPort = 22, SshUser = "clp",
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture),
            HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", CultureInfo.InvariantCulture),
        });
        var gsc = await this.Services.GetRequiredService<IGscAccountRepository>().CreateAsync(new GscAccount
        {
            Email = "seo@example.com", AccountNickname = "gsc-main", CredentialsSecretName = SecretName.Parse("gsc-refresh", CultureInfo.InvariantCulture),
        });
        var registrar = await this.Services.GetRequiredService<IRegistrarAccountRepository>().CreateAsync(new RegistrarAccount
        {
            Provider = RegistrarProvider.Namecheap, AccountNickname = "nc-main", ApiUser = "ncuser",
            ApiKeySecretName = SecretName.Parse("nc-key", CultureInfo.InvariantCulture), ClientIp = IPAddress.Loopback,
        });
        this.CloudflareAccountId = cf.Id;
        this.ServerId = server.Id;
        this.GscAccountId = gsc.Id;
        this.RegistrarAccountId = registrar.Id;
    }

    /// <summary>A site as the provisioning pipeline leaves it after TLS: zone, doc root, optionally Matomo and GSC.</summary>
    public async Task<Site> AddSiteAsync(string domain, int? matomoSiteId = null, bool gsc = true, GscVerificationStatus gscStatus = GscVerificationStatus.Pending, string? niche = "home coffee roasting")
    {
        var site = await this.Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite
        {
            Domain = DomainName.Parse(domain, CultureInfo.InvariantCulture),
            CloudflareAccountId = this.CloudflareAccountId,
            ServerId = this.ServerId,
            GscAccountId = gsc ? this.GscAccountId : null,
            Brand = "Roast Lab",
            Niche = niche,
        });
        await using var data = NpgsqlDataSource.Create(this.ConnectionString);
        await using var cmd = data.CreateCommand(
            """
            UPDATE wf.sites
               SET cloudflare_zone_id = $2, hosting_doc_root = $3, matomo_site_id = $4, gsc_verification_status = $5,
                   status_dns = 'active', status_hosting = 'active',
                   analytics_status = CASE WHEN $4::integer IS NULL THEN analytics_status ELSE 'ok' END
             WHERE id = $1
            """);
        cmd.Parameters.AddWithValue(site.Id);
        cmd.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        cmd.Parameters.AddWithValue($"/home/clp/htdocs/{domain}");
        cmd.Parameters.AddWithValue((object?)matomoSiteId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(gscStatus.ToString().ToLowerInvariant());
        await cmd.ExecuteNonQueryAsync();
        return await this.GetSiteAsync(site.Id);
    }

    /// <summary>A site as an operator registers it, before provisioning: accounts and server assigned, nothing created yet.</summary>
    public async Task<Site> AddUnprovisionedSiteAsync(string domain, string? niche = "home coffee roasting") =>
        await this.Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite
        {
            Domain = DomainName.Parse(domain, CultureInfo.InvariantCulture),
            CloudflareAccountId = this.CloudflareAccountId,
            RegistrarAccountId = this.RegistrarAccountId,
            ServerId = this.ServerId,
            Brand = "Roast Lab",
            Niche = niche,
        });

    public async Task<Site> GetSiteAsync(Guid id) => (await this.Services.GetRequiredService<ISiteStateStore>().GetAsync(id))!;

    /// <summary>Starts an orchestration and waits for it to finish (bounded generously: the reference host polls every 500 ms when idle).</summary>
    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object input, string? instanceId = null, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var id = await this.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId ?? Guid.NewGuid().ToString("N")), cts.Token);
        return await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Asserts that the instance failed with a site step failure and returns its step and reason.</summary>
    public static (string Step, string Reason) AssertStepFailed(OrchestrationMetadata meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.NotNull(meta.FailureDetails);
        Assert.Equal(typeof(SiteStepFailedException).FullName, meta.FailureDetails.ErrorType);
        Assert.True(SiteStepFailedException.TryRead(meta.FailureDetails, out var step, out var reason), meta.FailureDetails.ErrorMessage);
        return (step, reason);
    }

    /// <summary>Runs one SQL statement whose only parameter (<c>$1</c>) is the site id, e.g. to put a site in a given state.</summary>
    public async Task ExecuteAsync(string sql, Guid siteId)
    {
        await using var data = NpgsqlDataSource.Create(this.ConnectionString);
        await using var cmd = data.CreateCommand(sql);
        cmd.Parameters.AddWithValue(siteId);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The site's events (step, outcome, message), oldest first.</summary>
    public async Task<List<(string Step, string Outcome, string Message)>> EventsAsync(Guid siteId)
    {
        await using var data = NpgsqlDataSource.Create(this.ConnectionString);
        await using var cmd = data.CreateCommand("SELECT step, outcome, coalesce(message, '') FROM wf.site_events WHERE site_id = $1 ORDER BY id");
        cmd.Parameters.AddWithValue(siteId);
        var list = new List<(string, string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.host is { } h)
        {
            // The reference host once hung on shutdown: bound the stop, and do not wait on a stuck dispose forever.
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                await h.StopAsync(stop.Token);
            }

            var disposed = h is IAsyncDisposable a ? a.DisposeAsync().AsTask() : Task.Run(h.Dispose);
            try
            {
                await disposed.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Abandoned: the in-memory host holds nothing outside this process.
            }
        }

        if (Directory.Exists(this.ArtifactsDirectory))
        {
            Directory.Delete(this.ArtifactsDirectory, recursive: true);
        }
    }
}
