using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.CloudPanel;
using WebsiteFactory.Server.Tests.Infrastructure;
using WebsiteFactory.Simulators.CloudPanel;

namespace WebsiteFactory.Server.Tests;

/// <summary>
/// The server console API end to end: the real server over a real sshd on loopback with the clpctl, systemctl and nginx
/// stand-ins. Admin only; an action outside the allow-list is a 400 with nothing run (the stand-ins' call logs stay empty);
/// every action is audited with the caller.
/// </summary>
public sealed class ServerConsoleTests(ServerConsoleTests.ConsoleFactory factory) : IClassFixture<ServerConsoleTests.ConsoleFactory>
{
    [Fact]
    public async Task Action_OutsideTheAllowList_400AndNothingRunOrAudited()
    {
        var admin = factory.Client(ApiScope.Admin);
        var server = await factory.ServerIdAsync();
        var before = (factory.Tools.Calls.Count, factory.Clpctl.Calls.Count);

        foreach (var name in new[] { "restart-mysql", "Reload-Nginx", "0", "reload-nginx;reboot", "reload-nginx%20-s%20stop" })
        {
            var body = await HttpAssert.ValidationAsync(await admin.PostJsonAsync($"/api/servers/{server}/actions/{name}", new { }), "action");
            Assert.Contains("reload-nginx, renew-certificate", body.GetRawText(), StringComparison.Ordinal);
        }

        // An allowed action with bad input is refused before anything runs too.
        await HttpAssert.ValidationAsync(await admin.PostJsonAsync($"/api/servers/{server}/actions/renew-certificate", new { site = "not a domain; reboot" }), "site");

        Assert.Equal(before, (factory.Tools.Calls.Count, factory.Clpctl.Calls.Count));
        Assert.DoesNotContain(await factory.Services.GetRequiredService<IServerActionLog>().ListForServerAsync(server), e => e.Actor == "key:test-Admin" && e.Target == "not a domain; reboot");
    }

    [Theory]
    [InlineData(ApiScope.Read)]
    [InlineData(ApiScope.Operate)]
    public async Task ConsoleRoutes_NonAdmin_403AndNothingRun(ApiScope scope)
    {
        var client = factory.Client(scope);
        var server = await factory.ServerIdAsync();
        var before = factory.Tools.Calls.Count;

        foreach (var path in new[] { "status", "disk", "certificates", "logs?site=console-api.com", "actions" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/servers/{server}/{path}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/servers/{server}/actions/reload-nginx", new { })).StatusCode);
        Assert.Equal(before, factory.Tools.Calls.Count);
    }

    [Fact]
    public async Task ReloadNginx_Admin_RunsTheFixedCommandsAndAuditsStartAndOutcomeWithTheCaller()
    {
        var admin = factory.Client(ApiScope.Admin);
        var server = await factory.ServerIdAsync();
        var before = factory.Tools.Calls.Count;

        var done = await HttpAssert.JsonAsync<JsonElement>(await admin.PostJsonAsync($"/api/servers/{server}/actions/reload-nginx", new { }));

        Assert.True(done.GetProperty("succeeded").GetBoolean(), done.GetRawText());
        Assert.Equal(["nginx -t", "systemctl reload nginx"], factory.Tools.Calls.Skip(before));
        var audit = await HttpAssert.JsonAsync<JsonElement>(await admin.GetAsync($"/api/servers/{server}/actions?limit=2"));
        var rows = audit.EnumerateArray().ToList();
        Assert.Equal(["succeeded", "started"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.All(rows, r => Assert.Equal(("reload-nginx", "key:test-Admin"), (r.GetProperty("action").GetString(), r.GetProperty("actor").GetString())));
        Assert.Equal(done.GetProperty("audit_id").GetInt64(), rows[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task ReadRoutes_Admin_ReportStatusDiskCertificateWarningsAndFilteredLogs()
    {
        var admin = factory.Client(ApiScope.Admin);
        var server = await factory.ServerIdAsync();
        var domain = await factory.HostedSiteAsync("console-api.com", certificateDays: 10);
        var user = SiteUser.FromDomain(DomainName.Parse(domain, CultureInfo.InvariantCulture));
        await File.WriteAllLinesAsync(Path.Combine(factory.Clpctl.HomeDirectory, user.Value, "logs", "nginx", "access.log"), ["GET /a 200", "GET /wp-login.php 404", "GET /b 200"]);

        var status = await HttpAssert.JsonAsync<JsonElement>(await admin.GetAsync($"/api/servers/{server}/status"));
        var disk = await HttpAssert.JsonAsync<JsonElement>(await admin.GetAsync($"/api/servers/{server}/disk"));
        var certs = await HttpAssert.JsonAsync<JsonElement>(await admin.GetAsync($"/api/servers/{server}/certificates"));
        var logs = await HttpAssert.JsonAsync<JsonElement>(await admin.GetAsync($"/api/servers/{server}/logs?site={domain}&kind=access&lines=5&filter=WP-LOGIN"));

        Assert.Equal("running", status.GetProperty("services")[0].GetProperty("sub_state").GetString());
        Assert.Equal(3, status.GetProperty("load").GetArrayLength());
        Assert.Contains(disk.EnumerateArray(), d => d.GetProperty("mount").GetString() == "/");
        var cert = certs.GetProperty("certificates").EnumerateArray().Single(c => c.GetProperty("domain").GetString() == domain);
        Assert.True(cert.GetProperty("warning").GetBoolean());
        Assert.InRange(cert.GetProperty("days_left").GetInt32(), 8, 10);
        Assert.Equal(14, certs.GetProperty("warning_days").GetInt32());
        Assert.Equal(["GET /wp-login.php 404"], logs.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Logs_BadInput_400WithTheFieldAndNothingRun()
    {
        var admin = factory.Client(ApiScope.Admin);
        var server = await factory.ServerIdAsync();
        var domain = await factory.HostedSiteAsync("console-bad.com");
        var before = factory.Tools.Calls.Count;

        await HttpAssert.ValidationAsync(await admin.GetAsync($"/api/servers/{server}/logs?site={domain}&lines=1001"), "lines");
        await HttpAssert.ValidationAsync(await admin.GetAsync($"/api/servers/{server}/logs?site={domain}&kind=syslog"), "kind");
        await HttpAssert.ValidationAsync(await admin.GetAsync($"/api/servers/{server}/logs?site={domain}&filter=a%0Ab"), "filter");
        await HttpAssert.ValidationAsync(await admin.GetAsync($"/api/servers/{server}/logs?site=..%2Fetc"), "site");
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/api/servers/{server}/logs?site=elsewhere.com"), HttpStatusCode.NotFound);
        Assert.Equal(before, factory.Tools.Calls.Count);
    }

    [Fact]
    public async Task RenewCertificate_HostedSite_InstallsAuditsAndRecordsASiteEvent()
    {
        var admin = factory.Client(ApiScope.Admin);
        var server = await factory.ServerIdAsync();
        var domain = await factory.HostedSiteAsync("console-renew.com");

        var done = await HttpAssert.JsonAsync<JsonElement>(await admin.PostJsonAsync($"/api/servers/{server}/actions/renew-certificate", new { site = domain }));

        Assert.True(done.GetProperty("succeeded").GetBoolean(), done.GetRawText());
        Assert.Contains($"lets-encrypt:install:certificate --domainName={domain}", factory.Clpctl.Calls);
        var site = await factory.Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(DomainName.Parse(domain, CultureInfo.InvariantCulture));
        var events = await factory.Services.GetRequiredService<ISiteEventLog>().ListForSiteAsync(site!.Id, 1);
        Assert.Equal((SiteStep.Certificate, "key:test-Admin"), (events[0].Step, events[0].Actor));
        var audit = await factory.Services.GetRequiredService<IServerActionLog>().ListForServerAsync(server, 1);
        Assert.Equal((ServerAction.RenewCertificate, domain, StepOutcome.Succeeded), (audit[0].Action, audit[0].Target, audit[0].Outcome));
    }

    [Fact]
    public async Task NightlyCertificateCheck_SiteUnder14Days_WarnsOnThatSiteOnly()
    {
        var expiring = await factory.HostedSiteAsync("console-nightly-soon.com", certificateDays: 6);
        var healthy = await factory.HostedSiteAsync("console-nightly-fine.com", certificateDays: 60);

        var summary = await factory.Services.GetRequiredService<Workflows.ServerConsole.CertificateExpiryCheck>().RunAsync();

        Assert.Equal((1, 0), (summary.ServersChecked, summary.ServersFailed));
        Assert.Contains(expiring, summary.WarnedDomains);
        Assert.DoesNotContain(healthy, summary.WarnedDomains);
        var repo = factory.Services.GetRequiredService<ISiteRepository>();
        var events = factory.Services.GetRequiredService<ISiteEventLog>();
        var warning = (await events.ListForSiteAsync((await repo.GetByDomainAsync(DomainName.Parse(expiring, CultureInfo.InvariantCulture)))!.Id, 1))[0];
        Assert.Equal((SiteStep.Certificate, StepOutcome.Warning, "system:certificate-check"), (warning.Step, warning.Outcome, warning.Actor));
        Assert.Matches("expires in [56] days", warning.Message);
        var fine = await events.ListForSiteAsync((await repo.GetByDomainAsync(DomainName.Parse(healthy, CultureInfo.InvariantCulture)))!.Id, 1);
        Assert.NotEqual(StepOutcome.Warning, fine[0].Outcome);
    }

    /// <summary>The test server plus a loopback sshd with the stand-ins, and the vendor adapters pointed at them.</summary>
    public sealed class ConsoleFactory : ServerFactory, IAsyncLifetime
    {
        private readonly SemaphoreSlim _once = new(1);
        private Guid? _serverId;

        public LoopbackSshServer Sshd { get; private set; } = null!;

        public ClpctlStandIn Clpctl { get; private set; } = null!;

        public ServerToolsStandIn Tools { get; private set; } = null!;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Providers:CloudPanel:ClpctlCommand"] = Clpctl.CommandPath,
            ["Providers:CloudPanel:HomeDirectory"] = Clpctl.HomeDirectory,
            ["Providers:CloudPanel:CertificateDirectory"] = Clpctl.CertificateDirectory,
            ["Providers:ServerConsole:SystemctlCommand"] = Tools.SystemctlPath,
            ["Providers:ServerConsole:NginxCommand"] = Tools.NginxPath,
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            Sshd = await LoopbackSshServer.StartAsync();
            Clpctl = ClpctlStandIn.Install(Sshd);
            Tools = ServerToolsStandIn.Install(Sshd);
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Sshd.DisposeAsync();
        }

        /// <summary>The loopback server's record (created once, through the API).</summary>
        public async Task<Guid> ServerIdAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (_serverId is null)
                {
                    var created = await HttpAssert.JsonAsync<JsonElement>(await Client(ApiScope.Admin).PostJsonAsync("/api/servers", new
                    {
                        name = "console-loopback", address = Sshd.Host, ssh_port = Sshd.Port, ssh_user = Sshd.UserName,
                        ssh_private_key = Sshd.ClientPrivateKey, host_key_fingerprint = Sshd.HostKeyFingerprintSha256,
                    }), HttpStatusCode.Created);
                    _serverId = created.GetProperty("id").GetGuid();
                }

                return _serverId.Value;
            }
            finally
            {
                _once.Release();
            }
        }

        /// <summary>A site on the loopback server with its CloudPanel site (and a stand-in Let's Encrypt certificate when days are given).</summary>
        public async Task<string> HostedSiteAsync(string domain, int? certificateDays = null)
        {
            var serverId = await ServerIdAsync();
            Assert.Equal(HttpStatusCode.Created, (await Client(ApiScope.Operate).PostJsonAsync("/api/sites", new { domain, server_id = serverId })).StatusCode);
            var name = DomainName.Parse(domain, CultureInfo.InvariantCulture);
            var user = SiteUser.FromDomain(name);
            var server = (await Services.GetRequiredService<IHostingServerRepository>().GetAsync(serverId))!;
            await Services.GetRequiredService<ISecretStore>().SetAsync("console-site-pw", SitePassword.Generate());
            var panel = Services.GetRequiredService<ICloudPanelClient>();
            await panel.EnsureStaticSiteAsync(server, name, user, "console-site-pw");
            if (certificateDays is { } days)
            {
                Clpctl.SetCertificateValidity(days);
                await panel.InstallCertificateAsync(server, name);
                Clpctl.SetCertificateValidity(90);
            }

            var site = (await Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(name))!;
            await Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id, Step = SiteStep.HostingSite, Outcome = StepOutcome.Succeeded, StatusHosting = HostingStatus.Active, SiteUser = user.Value, Actor = "test",
            });
            return domain;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices((ctx, s) => s.AddVendorProviders(ctx.Configuration));
        }
    }
}
