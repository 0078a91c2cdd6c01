using System.Text;

namespace WebsiteFactory.Cli.Tests;

public sealed class CommandTests(CliServerFactory server) : IClassFixture<CliServerFactory>
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("provision")]
    [InlineData("provision", "a.com", "--all-pending")]
    [InlineData("analytics", "run", "--date", "01/02/2026")]
    [InlineData("sites", "list", "--limit", "many")]
    public async Task BadUsage_Exits2(params string[] args)
    {
        var (exit, output) = await server.RunAsync(null, args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("./build.sh demo", "demo", "--sites", "3", "--exit-when-done")]
    [InlineData("./build.sh demo simulators", "simulators", "--port", "7080")]
    public async Task MovedCommand_PointsToDemoProject_Exits2(string replacement, params string[] args)
    {
        var (exit, output) = await server.RunAsync(null, args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(replacement, output, StringComparison.Ordinal);
        Assert.DoesNotContain("error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SitesAddListShow_RoundTrip()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "sites", "add", "cli-added.com", "--brand", "Cli Brand");
        Assert.True(exit == ExitCodes.Ok, output);
        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "list", "--search", "cli-added");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("cli-added.com", output, StringComparison.Ordinal);
        Assert.Contains("lifecycle", output, StringComparison.Ordinal);
        Assert.Contains("active", output, StringComparison.Ordinal);
        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "list", "--search", "cli-added", "--lifecycle", "deleted");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.DoesNotContain("cli-added.com", output, StringComparison.Ordinal);
        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "list", "--lifecycle", "gone");
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("lifecycle", output, StringComparison.Ordinal);
        (exit, output) = await server.RunAsync(server.ReadKey, "sites", "show", "cli-added.com");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("status_dns", output, StringComparison.Ordinal);
        (exit, output) = await server.RunAsync(server.ReadKey, "status");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("not_started", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SitesAdd_InvalidDomain_Exits2WithFieldError_UnknownAccount_Exits2()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "sites", "add", "not a domain");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("domain:", output, StringComparison.Ordinal);
        (exit, output) = await server.RunAsync(server.AdminKey, "sites", "add", "ok-domain.com", "--server", "no-such-server");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no-such-server", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SitesImport_Csv_ImportsAll_BadFileExits2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"wf-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "domain,brand\ncli-import-1.com,A\ncli-import-2.com,B\n", Encoding.UTF8);
        try
        {
            var (exit, output) = await server.RunAsync(server.AdminKey, "sites", "import", file);
            Assert.True(exit == ExitCodes.Ok, output);
            Assert.Contains("Imported 2", output, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, "domain\nbad_domain!\n", Encoding.UTF8);
            (exit, output) = await server.RunAsync(server.AdminKey, "sites", "import", file);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("rows[1].domain", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(ExitCodes.Usage, (await server.RunAsync(server.AdminKey, "sites", "import", "/nonexistent/file.csv")).Exit);
    }

    [Fact]
    public async Task WithoutKey_Exits1_WithReadKeyWrite_Exits1()
    {
        var (exit, output) = await server.RunAsync(null, "sites", "list", "--url", "http://localhost/");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("401", output, StringComparison.Ordinal);
        (exit, _) = await server.RunAsync(server.ReadKey, "sites", "add", "read-denied.com");
        Assert.Equal(ExitCodes.Failed, exit);
    }

    [Fact]
    public async Task Accounts_AddListRemove_AndInstancesList()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "add", "--email", "a@example.com", "--nickname", "cli-cf", "--account-id", new string('d', 32), "--api-token", "tok-123");
        Assert.True(exit == ExitCodes.Ok, output);
        (exit, output) = await server.RunAsync(server.ReadKey, "accounts", "cloudflare", "list");
        Assert.Contains("cli-cf", output, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "remove", "cli-cf")).Exit);
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.ReadKey, "instances", "list")).Exit);
        Assert.Equal(ExitCodes.Usage, (await server.RunAsync(server.ReadKey, "instances", "show", "no-such-instance")).Exit);
    }

    [Fact]
    public async Task Provision_WithoutPipelineRegistered_Exits1WithMessage()
    {
        await server.RunAsync(server.AdminKey, "sites", "add", "cli-prov.com");
        var (exit, output) = await server.RunAsync(server.AdminKey, "provision", "cli-prov.com");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("501", output, StringComparison.Ordinal);
    }
}
