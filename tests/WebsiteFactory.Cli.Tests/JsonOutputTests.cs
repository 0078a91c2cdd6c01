using System.Text.Json;

namespace WebsiteFactory.Cli.Tests;

/// <summary>
/// <c>--json</c> output is printed as it is: a value longer than the console is wide (with spaces, where the console's
/// word wrapping would break the line) still parses, and keeps its exact text.
/// </summary>
public sealed class JsonOutputTests(CliServerFactory server) : IClassFixture<CliServerFactory>
{
    // Near the API's 200-character limit, so each site's line is wider than the test console's 220 columns.
    private static readonly string LongBrand = string.Join(' ', Enumerable.Range(1, 22).Select(i => $"brand-{i:00}"));

    [Fact]
    public async Task SitesListAndShowJson_ValueWiderThanTheConsole_PrintsParseableJson()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "sites", "add", "json-long.com", "--brand", LongBrand);
        Assert.True(exit == ExitCodes.Ok, output);

        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "list", "--search", "json-long", "--json");
        Assert.True(exit == ExitCodes.Ok, output);
        using (var list = JsonDocument.Parse(output))
        {
            var site = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(LongBrand, site.GetProperty("brand").GetString());
        }

        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "show", "json-long.com", "--json");
        Assert.True(exit == ExitCodes.Ok, output);
        using var show = JsonDocument.Parse(output);
        Assert.Equal(LongBrand, show.RootElement.GetProperty("site").GetProperty("brand").GetString());
    }

    [Fact]
    public async Task PreflightJson_ReportWiderThanTheConsole_PrintsParseableJson()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "add", "--email", "json@example.com", "--nickname", "cli-json-long", "--account-id", new string('f', 32), "--api-token", "tok-json-1");
        Assert.True(exit == ExitCodes.Ok, output);

        (exit, output) = await server.RunAsync(server.AdminKey, "preflight", "--json");

        Assert.True(output.Length > 220, output); // wider than the test console
        using var report = JsonDocument.Parse(output);
        Assert.Contains(report.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("target").GetString() == "cloudflare:cli-json-long");
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "remove", "cli-json-long")).Exit);
    }
}
