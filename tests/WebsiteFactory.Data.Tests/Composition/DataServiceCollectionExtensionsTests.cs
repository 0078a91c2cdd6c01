using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Data.Secrets;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.Composition;

public sealed class DataServiceCollectionExtensionsTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings) =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices((ctx, services) => services.AddWebsiteFactoryData(ctx.Configuration))
            .Build();

    [Fact]
    public async Task AddWebsiteFactoryData_WithConnectionString_MigratesAtStartAndResolvesEveryPort()
    {
        var connectionString = await PostgresFixture.CreateDatabaseAsync("di");
        var secretsDir = Path.Combine(Path.GetTempPath(), "wf-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = BuildHost(new()
            {
                ["ConnectionStrings:WebsiteFactory"] = connectionString,
                ["Secrets:Provider"] = "Local",
                ["Secrets:LocalDirectory"] = secretsDir,
            });

            await host.StartAsync();
            var sp = host.Services;
            var sites = sp.GetRequiredService<ISiteRepository>();
            var site = await sites.CreateAsync(TestData.Site());
            Assert.NotNull(await sp.GetRequiredService<ISiteStateStore>().GetAsync(site.Id));
            Assert.Same(sites, sp.GetRequiredService<ISiteStateStore>());
            Assert.NotNull(sp.GetRequiredService<ISiteEventLog>());
            Assert.NotNull(sp.GetRequiredService<ICloudflareAccountRepository>());
            Assert.NotNull(sp.GetRequiredService<IRegistrarAccountRepository>());
            Assert.NotNull(sp.GetRequiredService<IGscAccountRepository>());
            Assert.NotNull(sp.GetRequiredService<IHostingServerRepository>());
            Assert.NotNull(sp.GetRequiredService<IAnalyticsRepository>());
            Assert.Equal(TimeSpan.Zero, await sp.GetRequiredService<IRateBudget>().TryAcquireAsync("di-test", new RateLimitPolicy(1, TimeSpan.FromMinutes(1))));
            var cached = Assert.IsType<CachingSecretStore>(sp.GetRequiredService<ISecretStore>());
            var secrets = Assert.IsType<LocalSecretStore>(cached.Inner);
            Assert.Equal(Path.GetFullPath(secretsDir), secrets.Directory);
            await host.StopAsync();
        }
        finally
        {
            if (Directory.Exists(secretsDir))
            {
                Directory.Delete(secretsDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AddWebsiteFactoryData_WithoutConnectionString_StartsTheLocalClusterMigratesAndStopsIt()
    {
        var root = Path.Combine(Path.GetTempPath(), "wf-di-pg-" + Guid.NewGuid().ToString("N")[..12]);
        IHost? host = null;
        try
        {
            host = BuildHost(new()
            {
                ["LocalPostgres:Directory"] = root,
                ["LocalPostgres:Database"] = "wf_di",
                ["Secrets:LocalDirectory"] = Path.Combine(root, "secrets"),
            });

            await host.StartAsync();
            var cluster = host.Services.GetRequiredService<WebsiteFactory.Data.LocalPostgres.LocalPostgresCluster>();
            var site = await host.Services.GetRequiredService<ISiteRepository>().CreateAsync(TestData.Site());
            Assert.Equal(site.Id, (await host.Services.GetRequiredService<ISiteStateStore>().GetAsync(site.Id))!.Id);
            Assert.True(cluster.StartedByThisProcess);
            await host.StopAsync();
            await ((IAsyncDisposable)host).DisposeAsync();
            host = null;

            // Disposing the container stopped the server: its socket is gone.
            Assert.Empty(Directory.GetFiles(cluster.SocketDirectory, ".s.PGSQL.*"));
        }
        finally
        {
            if (host is not null)
            {
                await ((IAsyncDisposable)host).DisposeAsync();
            }

            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public void AddWebsiteFactoryData_KeyVaultWithoutUri_FailsValidationWithClearMessage()
    {
        using var host = BuildHost(new()
        {
            ["ConnectionStrings:WebsiteFactory"] = "Host=localhost",
            ["Secrets:Provider"] = "KeyVault",
        });

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SecretsOptions>>().Value);

        Assert.Contains("Secrets:KeyVaultUri", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWebsiteFactoryData_KeyVaultProvider_ResolvesKeyVaultStore()
    {
        using var host = BuildHost(new()
        {
            ["ConnectionStrings:WebsiteFactory"] = "Host=localhost",
            ["Secrets:Provider"] = "KeyVault",
            ["Secrets:KeyVaultUri"] = "https://kv-test.vault.azure.net/",
        });

        Assert.IsType<KeyVaultSecretStore>(Assert.IsType<CachingSecretStore>(host.Services.GetRequiredService<ISecretStore>()).Inner);
    }

    [Fact]
    public void SecretsOptions_DefaultDirectory_FollowsTheUser()
    {
        var dir = new SecretsOptions().ResolveLocalDirectory();

        Assert.Equal(
            Environment.IsPrivilegedProcess ? "/var/lib/website-factory/secrets" : Path.Combine("website-factory", "secrets"),
            Environment.IsPrivilegedProcess ? dir : Path.Combine(Path.GetFileName(Path.GetDirectoryName(dir)!), Path.GetFileName(dir)));
    }

    [Fact]
    public async Task WebsiteFactoryDataSource_UseEntraId_AuthenticatesWithATokenForTheAzureScope()
    {
        var connectionString = await PostgresFixture.CreateDatabaseAsync("entra");
        var credential = new RecordingCredential();
        var options = new DatabaseOptions { UseEntraId = true };

        await using var dataSource = WebsiteFactoryDataSource.Create(connectionString, options, credential: credential);
        await using var connection = await dataSource.OpenConnectionAsync();

        // The local test cluster trusts its socket, so the token is not checked there; what matters is that Npgsql asked
        // the credential for the Azure Database for PostgreSQL scope and used the answer as the password.
        var request = Assert.Single(credential.Requests.Distinct());
        Assert.Equal(["https://ossrdbms-aad.database.windows.net/.default"], request);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task WebsiteFactoryDataSource_MaxPoolSize_BoundsThePool()
    {
        var connectionString = await PostgresFixture.CreateDatabaseAsync("pool");

        await using var bounded = WebsiteFactoryDataSource.Create(connectionString, new DatabaseOptions { MaxPoolSize = 250 });
        await using var unchanged = WebsiteFactoryDataSource.Create(connectionString, new DatabaseOptions());

        Assert.Equal(250, new Npgsql.NpgsqlConnectionStringBuilder(bounded.ConnectionString).MaxPoolSize);
        Assert.Equal(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize, new Npgsql.NpgsqlConnectionStringBuilder(unchanged.ConnectionString).MaxPoolSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebsiteFactoryDataSource.Create(connectionString, new DatabaseOptions { MaxPoolSize = 0 }));
    }

    [Fact]
    public async Task WebsiteFactoryDataSource_WithoutEntraId_NeverAsksForTokens()
    {
        var connectionString = await PostgresFixture.CreateDatabaseAsync("noentra");
        var credential = new RecordingCredential();

        await using var dataSource = WebsiteFactoryDataSource.Create(connectionString, new DatabaseOptions(), credential: credential);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Empty(credential.Requests);
        Assert.Equal("website-factory", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ApplicationName);
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string[]> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(requestContext.Scopes);
            }

            return new AccessToken("entra-access-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
