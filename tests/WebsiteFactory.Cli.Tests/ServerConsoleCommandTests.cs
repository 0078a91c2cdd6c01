using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Cli.Tests;

/// <summary>
/// <c>wf servers status|disk|certs|logs|action</c> against the real server with a recording console behind it (the SSH
/// adapter itself is tested against a real sshd in Providers.Tests): output, exit codes, confirmation, and that an action
/// outside the allow-list reaches nothing.
/// </summary>
public sealed class ServerConsoleCommandTests(ServerConsoleCommandTests.Factory server) : IClassFixture<ServerConsoleCommandTests.Factory>
{
    [Fact]
    public async Task StatusDiskCerts_PrintTablesAndCertsExits1WithAWarning()
    {
        await server.SeedAsync();

        var status = await server.RunAsync(server.AdminKey, "servers", "status", "cli-console");
        var disk = await server.RunAsync(server.AdminKey, "servers", "disk", "cli-console");
        var certs = await server.RunAsync(server.AdminKey, "servers", "certs", "cli-console", "--warnings-only");

        Assert.True(status.Exit == ExitCodes.Ok, status.Output);
        Assert.Contains("nginx", status.Output, StringComparison.Ordinal);
        Assert.Contains("not installed", status.Output, StringComparison.Ordinal);
        Assert.Contains("/home", disk.Output, StringComparison.Ordinal);
        Assert.Contains("91%", disk.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, certs.Exit);
        Assert.Contains("soon.example.com", certs.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("later.example.com", certs.Output, StringComparison.Ordinal);
        Assert.Contains("1 certificate(s) need attention", certs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_PrintsLinesAsPlainTextAndPassesTheFilter()
    {
        await server.SeedAsync();

        var (exit, output) = await server.RunAsync(server.AdminKey, "servers", "logs", "cli-console", "--site", "soon.example.com", "--filter", "[red]x", "-n", "7");

        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("GET /[red]x[/] 404", output, StringComparison.Ordinal);
        var query = Assert.Single(server.Console.LogQueries);
        Assert.Equal(("soon-example-com", 7, "[red]x"), (query.SiteUser.Value, query.Lines, query.Filter));
    }

    [Fact]
    public async Task Action_OutsideAllowListOrNotConfirmed_RunsNothing_ConfirmedRunsOnce()
    {
        await server.SeedAsync();
        var before = server.Console.Actions.Count;

        var unknown = await server.RunWithInputAsync(string.Empty, "servers", "action", "cli-console", "restart-mysql", "--yes");
        var declined = await server.RunWithInputAsync("no\n", "servers", "action", "cli-console", "reload-nginx");
        Assert.NotEqual(ExitCodes.Ok, unknown.Exit);
        Assert.Contains("not an allowed server action", unknown.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, declined.Exit);
        Assert.Equal(before, server.Console.Actions.Count);

        var done = await server.RunWithInputAsync("yes\n", "servers", "action", "cli-console", "reload-nginx");
        Assert.True(done.Exit == ExitCodes.Ok, done.Output);
        Assert.Contains("nginx reloaded", done.Output, StringComparison.Ordinal);
        Assert.Equal(ServerAction.ReloadNginx, server.Console.Actions.Last());
        Assert.Equal(before + 1, server.Console.Actions.Count);
    }

    /// <summary>The server with <see cref="RecordingConsole"/> as its <see cref="IServerConsole"/>.</summary>
    public sealed class Factory : CliServerFactory
    {
        private readonly SemaphoreSlim _once = new(1);
        private bool _seeded;

        public RecordingConsole Console { get; } = new();

        /// <summary>The server record and a hosted site (once).</summary>
        public async Task SeedAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (_seeded)
                {
                    return;
                }

                var srv = await Services.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
                {
                    Id = Guid.CreateVersion7(), Name = "cli-console", Address = "192.0.2.10", SshUser = "ops",
                    SshKeySecretName = SecretName.Parse("cli-console-key", CultureInfo.InvariantCulture),
                    HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", CultureInfo.InvariantCulture),
                });
                var site = await Services.GetRequiredService<ISiteRepository>().CreateAsync(new NewSite { Domain = DomainName.Parse("soon.example.com", CultureInfo.InvariantCulture), ServerId = srv.Id });
                await Services.GetRequiredService<Core.Ports.ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
                {
                    SiteId = site.Id, Step = SiteStep.HostingSite, Outcome = StepOutcome.Succeeded, StatusHosting = HostingStatus.Active, SiteUser = "soon-example-com",
                });
                _seeded = true;
            }
            finally
            {
                _once.Release();
            }
        }

        /// <summary>Runs <c>wf</c> as the admin with <paramref name="input"/> as what the operator types.</summary>
        public async Task<(int Exit, string Output)> RunWithInputAsync(string input, params string[] args)
        {
            var (console, output) = TestConsole.Create();
            var handler = Server.CreateHandler();
            using var reader = new StringReader(input);
            var exit = await WfCommandLine.RunAsync([.. args, "--api-key", AdminKey, "--url", "http://localhost/"], console, s => new WfClient(s, handler), input: reader);
            return (exit, output.ToString());
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<IServerConsole>(Console));
        }
    }

    /// <summary>Fixed answers; records log queries and actions.</summary>
    public sealed class RecordingConsole : IServerConsole
    {
        public System.Collections.Concurrent.ConcurrentQueue<SiteLogQuery> LogQueries { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<ServerAction> Actions { get; } = new();

        public Task<ServerHealth> GetHealthAsync(HostingServer server, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ServerHealth([new ServiceState("nginx", "active", "running", true), new ServiceState("varnish", "inactive", "dead", false)], 0.5, 0.4, 0.3, 8L << 30, 6L << 30, 3600));

        public Task<IReadOnlyList<DiskUsage>> GetDiskUsageAsync(HostingServer server, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DiskUsage>>([new DiskUsage("/", 100L << 30, 40L << 30, 60L << 30), new DiskUsage("/home", 100L << 30, 91L << 30, 9L << 30)]);

        public Task<IReadOnlyList<CertificateExpiry>> GetCertificatesAsync(HostingServer server, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CertificateExpiry>>([
                new CertificateExpiry("soon.example.com", DateTimeOffset.UtcNow.AddDays(3), "CN=R11", null),
                new CertificateExpiry("later.example.com", DateTimeOffset.UtcNow.AddDays(60), "CN=R11", null),
            ]);

        public Task<SiteLogTail> TailLogAsync(HostingServer server, SiteLogQuery query, CancellationToken cancellationToken = default)
        {
            LogQueries.Enqueue(query);
            return Task.FromResult(new SiteLogTail("/home/soon-example-com/logs/nginx/access.log", ["GET /[red]x[/] 404"], true));
        }

        public Task<ServerActionResult> RunActionAsync(HostingServer server, ServerAction action, DomainName? domain, CancellationToken cancellationToken = default)
        {
            Actions.Enqueue(action);
            return Task.FromResult(new ServerActionResult(true, "nginx reloaded (test)"));
        }
    }
}
