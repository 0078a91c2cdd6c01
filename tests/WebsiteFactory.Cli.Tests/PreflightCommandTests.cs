using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Cli.Tests;

/// <summary>
/// <c>wf preflight</c> against the local server (run without vendor adapters, so the secret-age check is the one that
/// applies): a table and exit 0 while the account's secret is there, exit 1 naming the check, target and fix once it is
/// gone, and no run at all for a read-only key.
/// </summary>
public sealed class PreflightCommandTests(CliServerFactory server) : IClassFixture<CliServerFactory>
{
    [Fact]
    public async Task Preflight_SecretPresentThenMissing_Exits0ThenExits1WithTheFix()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "add", "--email", "p@example.com", "--nickname", "cli-pf", "--account-id", new string('e', 32), "--api-token", "tok-pf-1");
        Assert.True(exit == ExitCodes.Ok, output);

        (exit, output) = await server.RunAsync(server.AdminKey, "preflight");
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("secret-age", output, StringComparison.Ordinal);
        Assert.Contains("cloudflare:cli-pf", output, StringComparison.Ordinal);
        Assert.Contains("Pre-flight passed", output, StringComparison.Ordinal);

        var account = await server.Services.GetRequiredService<ICloudflareAccountRepository>().GetByNicknameAsync("cli-pf");
        await server.Services.GetRequiredService<ISecretStore>().DeleteAsync(account!.ApiTokenSecretName.Value);

        (exit, output) = await server.RunAsync(server.AdminKey, "preflight", "--failures-only");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("fail", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
        Assert.Contains("Pre-flight failed", output, StringComparison.Ordinal);

        (exit, output) = await server.RunAsync(server.AdminKey, "preflight", "--json");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("\"ok\":false", output, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-pf-1", output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "accounts", "cloudflare", "remove", "cli-pf")).Exit);
    }

    [Fact]
    public async Task Preflight_ReadOnlyKey_IsRefused()
    {
        var (exit, output) = await server.RunAsync(server.ReadKey, "preflight");

        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("403", output, StringComparison.Ordinal);
    }
}
