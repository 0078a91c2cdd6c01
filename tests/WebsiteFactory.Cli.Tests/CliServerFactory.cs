using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Cli.Tests;

/// <summary>A real server in memory (own database, no product workflows) that <c>wf</c> commands talk to.</summary>
public class CliServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "wf-cli-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Gets the connection string.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets an admin API key.</summary>
    public string AdminKey { get; private set; } = string.Empty;

    /// <summary>Gets a read-only API key.</summary>
    public string ReadKey { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresFixture.CreateDatabaseAsync("cli");
        var keys = Services.GetRequiredService<ApiKeyStore>();
        AdminKey = (await keys.CreateAsync("cli-admin", ApiScope.Admin, null)).Key;
        ReadKey = (await keys.CreateAsync("cli-read", ApiScope.Read, null)).Key;
    }

    /// <inheritdoc/>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_secrets))
        {
            Directory.Delete(_secrets, recursive: true);
        }
    }

    /// <summary>Runs <c>wf</c> against this server.</summary>
    /// <param name="key">The API key (null for none).</param>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code and the output.</returns>
    public async Task<(int Exit, string Output)> RunAsync(string? key, params string[] args)
    {
        var (console, output) = TestConsole.Create();
        var handler = Server.CreateHandler();
        var all = key is null ? args : [.. args, "--api-key", key, "--url", "http://localhost/"];
        var exit = await WfCommandLine.RunAsync(all, console, s => new WfClient(s, handler));
        return (exit, output.ToString());
    }

    /// <inheritdoc/>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:WebsiteFactory", ConnectionString);
        builder.UseSetting("Secrets:LocalDirectory", _secrets);
        builder.UseSetting("Authentication:Admin:InitialPassword", "Cli-Tests-Password-1");
        builder.UseSetting("Server:RegisterWorkflows", "false");
    }
}
