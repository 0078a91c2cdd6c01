using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Cli.Tests;

/// <summary>
/// <c>wf plan</c> against the local server with substitute vendor ports (the simulators prove the adapters' side in
/// Providers.Tests): the table with +/~, the JSON, the exit codes, errors per site, and that only look-ups were called.
/// </summary>
public sealed class PlanCommandTests(PlanCommandTests.PlanServerFactory server) : IClassFixture<PlanCommandTests.PlanServerFactory>
{
    private static readonly string[] ReadOnlyMethods = ["FindZoneAsync", "ListRecordsAsync", "GetNameserversAsync", "FindSiteAsync", "FindSiteIdAsync", "GetZoneAsync"];

    [Fact]
    public async Task Plan_NewAndDriftedSite_PrintsCreatesAndUpdate_CallsOnlyLookups()
    {
        var (freshDomain, liveDomain) = await server.SeedAsync();

        var (exit, output) = await server.RunAsync(server.AdminKey, "plan", freshDomain, liveDomain);

        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("planned 2/2 sites", output, StringComparison.Ordinal);
        Assert.Contains($"zone {freshDomain}", output, StringComparison.Ordinal);
        Assert.Contains("unknown until the zone exists", output, StringComparison.Ordinal);
        Assert.Contains($"A {liveDomain}", output, StringComparison.Ordinal);
        Assert.Contains("198.51.100.9 (ttl auto) → 203.0.113.10 (ttl auto)", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"zone {liveDomain}", output, StringComparison.Ordinal); // unchanged rows are hidden by default
        Assert.Contains("to create", output, StringComparison.Ordinal);
        Assert.Contains("2 to update", output, StringComparison.Ordinal); // the fresh site's delegation and the live site's A record

        (exit, output) = await server.RunAsync(server.AdminKey, "plan", liveDomain, "--show-unchanged", "--detailed-exitcode");
        Assert.Equal(Commands.PlanCommand.ChangesPending, exit);
        Assert.Contains($"zone {liveDomain}", output, StringComparison.Ordinal);

        (exit, output) = await server.RunAsync(server.AdminKey, "plan", freshDomain, "--json");
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("\"has_changes\":true", output, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"create\"", output, StringComparison.Ordinal);

        (exit, output) = await server.RunAsync(server.AdminKey, "plan", liveDomain, "--teardown");
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("Plan (teardown)", output, StringComparison.Ordinal);

        // Only look-ups reached the vendor ports.
        var called = server.Ports.SelectMany(p => p.ReceivedCalls()).Select(c => c.GetMethodInfo().Name).Distinct().ToList();
        Assert.Contains("FindZoneAsync", called);
        Assert.All(called, name => Assert.Contains(name, ReadOnlyMethods));
    }

    [Fact]
    public async Task Plan_SiteWithoutAccounts_ListsTheErrors_Exits1()
    {
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync(server.AdminKey, "sites", "add", "plan-bare.com")).Exit);

        var (exit, output) = await server.RunAsync(server.AdminKey, "plan", "plan-bare.com");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("could not read", output, StringComparison.Ordinal);
        Assert.Contains("no Cloudflare account", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadInput_UnknownDomainReadKeyAndUsage_AreRefused()
    {
        var (exit, output) = await server.RunAsync(server.AdminKey, "plan", "no-such-site.com");
        Assert.Equal(ExitCodes.Usage, exit); // a 404 is bad input for wf
        Assert.Contains("404", output, StringComparison.Ordinal);
        Assert.Contains("'no-such-site.com'", output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, (await server.RunAsync(server.AdminKey, "plan")).Exit);
        Assert.Equal(ExitCodes.Usage, (await server.RunAsync(server.AdminKey, "plan", "--all-pending", "--teardown")).Exit);
        Assert.Equal(ExitCodes.Usage, (await server.RunAsync(server.AdminKey, "plan", "x.com", "--all-pending")).Exit);

        (exit, output) = await server.RunAsync(server.ReadKey, "plan", "no-such-site.com");
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("403", output, StringComparison.Ordinal);
    }

    /// <summary>The CLI test server plus substitute vendor ports and the provisioning look-ups the planner needs.</summary>
    public sealed class PlanServerFactory : CliServerFactory
    {
        public ICloudflareClient Cloudflare { get; } = Substitute.For<ICloudflareClient>();

        public IRegistrarClient Registrar { get; } = Substitute.For<IRegistrarClient>();

        public ICloudPanelClient CloudPanel { get; } = Substitute.For<ICloudPanelClient>();

        public IMatomoClient Matomo { get; } = Substitute.For<IMatomoClient>();

        public IEnumerable<object> Ports => [Cloudflare, Registrar, CloudPanel, Matomo];

        /// <summary>Registers accounts, a server and two sites: one never provisioned, one whose zone holds a drifted A record.</summary>
        public async Task<(string Fresh, string Live)> SeedAsync()
        {
            var cf = await Services.GetRequiredService<ICloudflareAccountRepository>().CreateAsync(new CloudflareAccount
            {
                Email = "plan@example.com", AccountNickname = "cf-plan", CloudflareAccountId = new string('a', 32), ApiTokenSecretName = SecretName.Parse("cf-plan-token", CultureInfo.InvariantCulture),
            });
            var registrar = await Services.GetRequiredService<IRegistrarAccountRepository>().CreateAsync(new RegistrarAccount
            {
                Provider = RegistrarProvider.Spaceship, AccountNickname = "ss-plan", ApiUser = "ss",
                ApiKeySecretName = SecretName.Parse("ss-plan-key", CultureInfo.InvariantCulture), ApiSecretSecretName = SecretName.Parse("ss-plan-secret", CultureInfo.InvariantCulture),
            });
            var host = await Services.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
            {
                Name = "plan-server", Address = "203.0.113.10", SshPort = 22, SshUser = "root", SshKeySecretName = SecretName.Parse("plan-ssh", CultureInfo.InvariantCulture),
                HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:" + new string('A', 43), CultureInfo.InvariantCulture), PublicIp = IPAddress.Parse("203.0.113.10"),
            });
            var sites = Services.GetRequiredService<ISiteRepository>();
            foreach (var domain in new[] { "plan-fresh.com", "plan-live.com" })
            {
                await sites.CreateAsync(new NewSite
                {
                    Domain = DomainName.Parse(domain, CultureInfo.InvariantCulture), CloudflareAccountId = cf.Id, RegistrarAccountId = registrar.Id, ServerId = host.Id,
                });
            }

            var zone = new CloudflareZone(new string('b', 32), "plan-live.com", ZoneStatus.Active, ["ada.ns.cloudflare.com", "bart.ns.cloudflare.com"], cf.CloudflareAccountId);
            Cloudflare.FindZoneAsync(Arg.Any<CloudflareAccount>(), Arg.Is<DomainName>(d => d.Value == "plan-live.com"), Arg.Any<CancellationToken>()).Returns(zone);
            Cloudflare.ListRecordsAsync(Arg.Any<CloudflareAccount>(), zone.Id, null, null, Arg.Any<CancellationToken>()).Returns(
            [
                new DnsRecord("r1", "A", "plan-live.com", "198.51.100.9", 1, false),
                new DnsRecord("r2", "CNAME", "www.plan-live.com", "plan-live.com", 1, false),
            ]);
            Registrar.GetNameserversAsync(Arg.Any<RegistrarAccount>(), Arg.Any<DomainName>(), Arg.Any<CancellationToken>())
                .Returns(ci => ((DomainName)ci[1]).Value == "plan-live.com" ? new RegistrarNameservers(zone.NameServers, false) : new RegistrarNameservers(["launch1.spaceship.net", "launch2.spaceship.net"], true));
            return ("plan-fresh.com", "plan-live.com");
        }

        /// <inheritdoc/>
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton(Cloudflare);
                s.AddSingleton(Registrar);
                s.AddSingleton(CloudPanel);
                s.AddSingleton(Matomo);
                s.TryAddSingleton<ProvisioningLookups>();
            });
        }
    }
}
