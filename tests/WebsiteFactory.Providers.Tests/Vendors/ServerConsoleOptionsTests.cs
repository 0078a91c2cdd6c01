using Microsoft.Extensions.Configuration;
using WebsiteFactory.Providers.CloudPanel;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>Server console options: configured lists replace the defaults, and anything that is not a plain word is refused.</summary>
public sealed class ServerConsoleOptionsTests
{
    [Fact]
    public void Bind_ConfiguredServices_ReplaceTheDefaults()
    {
        var options = Bind(new() { ["Services:0"] = "nginx", ["Services:1"] = "php8.2-fpm" });

        Assert.Equal(["nginx", "php8.2-fpm"], options.EffectiveServices);
        Assert.Equal(["/", "/home"], options.EffectiveDiskPaths);
        Assert.Null(options.Validate());
    }

    [Theory]
    [InlineData("Services:0", "nginx; reboot")]
    [InlineData("Services:0", "$(id)")]
    [InlineData("DiskPaths:0", "home")]
    [InlineData("DiskPaths:0", "/home dir")]
    [InlineData("SystemctlCommand", "systemctl;id")]
    [InlineData("NginxCommand", "nginx  -t")]
    [InlineData("LogScanLines", "10")]
    public void Validate_UnsafeOrOutOfRangeValue_IsRefused(string key, string value) =>
        Assert.NotNull(Bind(new() { [key] = value }).Validate());

    [Theory]
    [InlineData("Mar  5 12:00:00 2027 GMT", 2027, 3, 5)]
    [InlineData("Dec 15 08:09:10 2026 GMT", 2026, 12, 15)]
    public void TryParseOpenSslDate_OpenSslNotAfter_IsUtc(string text, int year, int month, int day)
    {
        Assert.True(ServerConsoleClient.TryParseOpenSslDate(text, out var at));
        Assert.Equal((year, month, day, TimeSpan.Zero), (at.Year, at.Month, at.Day, at.Offset));
    }

    private static ServerConsoleOptions Bind(Dictionary<string, string?> values)
    {
        var options = new ServerConsoleOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options);
        return options;
    }
}
