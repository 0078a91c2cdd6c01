using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Data;
using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Data.Secrets;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Server.Hosting;

namespace WebsiteFactory.Server.Tests;

public sealed class ServerDataDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wf-datadir-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task SecretStore_TwoInstancesWithDifferentDataDirectories_EachReadsItsOwnValue()
    {
        using var a = Services(new() { ["Server:DataDirectory"] = Path.Combine(_root, "a") });
        using var b = Services(new() { ["Server:DataDirectory"] = Path.Combine(_root, "b") });
        var storeA = a.GetRequiredService<ISecretStore>();
        var storeB = b.GetRequiredService<ISecretStore>();

        // A global name: the chat key is the same secret name on every instance.
        await storeA.SetAsync("openai-api-key", "value-of-a");
        await storeB.SetAsync("openai-api-key", "value-of-b");

        Assert.Equal("value-of-a", await storeA.GetAsync("openai-api-key"));
        Assert.Equal("value-of-b", await storeB.GetAsync("openai-api-key"));
        Assert.True(File.Exists(Path.Combine(_root, "a", "secrets", "values", "openai-api-key.secret")));
        Assert.True(File.Exists(Path.Combine(_root, "b", "secrets", "values", "openai-api-key.secret")));
    }

    [Fact]
    public void DataDirectory_Configured_HoldsClusterWorkFoldersAndSshSessions()
    {
        var data = Path.Combine(_root, "inst");
        var config = new Dictionary<string, string?> { ["Server:DataDirectory"] = data };
        using var sp = Services(config);

        Assert.Equal(Path.Combine(data, "secrets"), sp.GetRequiredService<IOptions<SecretsOptions>>().Value.LocalDirectory);
        Assert.Equal(Path.Combine(data, "pg"), sp.GetRequiredService<IOptions<LocalPostgresOptions>>().Value.Directory);
        Assert.Equal(Path.Combine(data, "work", "builds"), sp.GetRequiredService<IOptions<AstroBuildOptions>>().Value.WorkDirectory);
        Assert.Equal(Path.Combine(data, "work", "ssh"), sp.GetRequiredService<IOptions<RsyncDeployOptions>>().Value.SessionDirectory);
        Assert.Equal(Path.Combine(data, "work", "artifacts"), ServerDataDirectory.ArtifactsDirectory(Configuration(config)));
    }

    [Fact]
    public void DataDirectory_ComponentSettingGiven_ComponentSettingWins()
    {
        var secrets = Path.Combine(_root, "elsewhere");
        using var sp = Services(new() { ["Server:DataDirectory"] = Path.Combine(_root, "inst"), ["Secrets:LocalDirectory"] = secrets, ["LocalPostgres:Directory"] = "/srv/pg" });

        Assert.Equal(secrets, sp.GetRequiredService<IOptions<SecretsOptions>>().Value.LocalDirectory);
        Assert.Equal("/srv/pg", sp.GetRequiredService<IOptions<LocalPostgresOptions>>().Value.Directory);
    }

    [Fact]
    public void DataDirectory_NotConfigured_KeepsThePreviousSecretAndClusterLocations()
    {
        using var sp = Services([]);

        Assert.Equal(new SecretsOptions().ResolveLocalDirectory(), sp.GetRequiredService<IOptions<SecretsOptions>>().Value.LocalDirectory);
        Assert.Equal(LocalPostgresCluster.DefaultDirectory(), sp.GetRequiredService<IOptions<LocalPostgresOptions>>().Value.Directory);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:WebsiteFactory"] = "Host=unused.invalid;Database=none";
        var config = Configuration(settings);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config);
        services.AddWebsiteFactoryData(config);
        services.AddDataDirectoryDefaults(config);
        return services.BuildServiceProvider();
    }
}
