using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Providers.Deploy;

namespace WebsiteFactory.Providers.Tests.Build;

public sealed class ServerBuildOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid() => Assert.Null(new ServerBuildOptions().Validate());

    [Fact]
    public void Validate_BlankDirectories_MeanDefaults() =>
        Assert.Null(new ServerBuildOptions { CacheDirectory = " ", NodeDirectory = string.Empty }.Validate());

    [Theory]
    [InlineData("relative/cache", null, "CacheDirectory")]
    [InlineData("/home/u/$(reboot)", null, "CacheDirectory")]
    [InlineData(null, "/opt/node;rm -rf /", "NodeDirectory")]
    [InlineData(null, "/opt/node bin", "NodeDirectory")]
    public void Validate_UnsafeDirectory_NamesTheSetting(string? cache, string? node, string setting)
    {
        var error = new ServerBuildOptions { CacheDirectory = cache, NodeDirectory = node }.Validate();

        Assert.NotNull(error);
        Assert.StartsWith(setting, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Validate_SlotsOutOfRange_Invalid(int slots) =>
        Assert.Contains("MaxConcurrentBuilds", new ServerBuildOptions { MaxConcurrentBuilds = slots }.Validate(), StringComparison.Ordinal);

    [Fact]
    public void Validate_ZeroTimeouts_Invalid()
    {
        Assert.NotNull(new ServerBuildOptions { BuildTimeout = TimeSpan.Zero }.Validate());
        Assert.NotNull(new ServerBuildOptions { InstallTimeout = TimeSpan.FromMilliseconds(10) }.Validate());
        Assert.NotNull(new ServerBuildOptions { QueueTimeout = TimeSpan.Zero }.Validate());
        Assert.NotNull(new ServerBuildOptions { ConnectTimeout = TimeSpan.Zero }.Validate());
    }

    [Theory]
    [InlineData(null, SiteBuildMode.Local, SiteBuildMode.Local)]
    [InlineData("", SiteBuildMode.Remote, SiteBuildMode.Remote)]
    [InlineData("remote", SiteBuildMode.Local, SiteBuildMode.Remote)]
    [InlineData(" Local ", SiteBuildMode.Remote, SiteBuildMode.Local)]
    public void BuildMode_Setting_ParsedOrHostDefault(string? value, SiteBuildMode hostDefault, SiteBuildMode expected) =>
        Assert.Equal(expected, ContentProvidersServiceCollectionExtensions.BuildMode(Config(("Content:Build:Mode", value)), hostDefault));

    [Theory]
    [InlineData("1")]
    [InlineData("Container")]
    public void BuildMode_UnknownValue_Throws(string value) =>
        Assert.Throws<InvalidOperationException>(() => ContentProvidersServiceCollectionExtensions.BuildMode(Config(("Content:Build:Mode", value)), SiteBuildMode.Local));

    [Fact]
    public void AddServerSiteBuilds_InvalidSetting_FailsOnOptionsValidation()
    {
        var services = new ServiceCollection();
        services.AddServerSiteBuilds(Config(("Content:Build:Remote:MaxConcurrentBuilds", "0")));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ServerBuildOptions>>().Value);
    }

    [Theory]
    [InlineData("Remote", typeof(SftpSiteDeployer), true)]
    [InlineData(null, typeof(RsyncSiteDeployer), false)]
    public void AddContentProviders_BuildMode_ChoosesDeployerAndServerBuilder(string? mode, Type deployer, bool serverBuilds)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(Substitute.For<ISecretStore>());
        services.AddContentProviders(Config(("Content:Build:Mode", mode)));
        using var provider = services.BuildServiceProvider();

        Assert.IsType(deployer, provider.GetRequiredService<ISiteDeployer>());
        Assert.Equal(serverBuilds, provider.GetService<IServerSiteBuilder>() is ServerSiteBuilder);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
