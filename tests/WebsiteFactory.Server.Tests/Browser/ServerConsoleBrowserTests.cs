using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.CloudPanel;
using static Microsoft.Playwright.Assertions;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// The server console in the browser, end to end: the page reads a real sshd on loopback (clpctl, systemctl and nginx
/// stand-ins; the machine's own /proc, df, openssl and tail), highlights the certificate under 14 days, filters a site's
/// log, and runs reload-nginx and renew-certificate only after a confirmation, each shown in the audit with the admin's name.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ServerConsoleBrowserTests(DashboardHost host)
{
    [ChromiumFact]
    public async Task ServerConsole_StatusDiskCertificatesLogsAndConfirmedActions_WorkAgainstTheServer()
    {
        var tag = SitesTableTests.Tag();
        var (serverId, serverName) = await CreateLoopbackServerAsync($"console-{tag}");
        var expiring = await HostedSiteAsync(serverId, $"expiring-{tag}.com", certificateDays: 5);
        var healthy = await HostedSiteAsync(serverId, $"healthy-{tag}.com", certificateDays: 80);
        var user = SiteUser.FromDomain(DomainName.Parse(healthy, CultureInfo.InvariantCulture));
        await File.WriteAllLinesAsync(
            Path.Combine(host.Clpctl.HomeDirectory, user.Value, "logs", "nginx", "access.log"),
            ["203.0.113.1 \"GET / HTTP/2\" 200", "203.0.113.2 \"GET /wp-login.php HTTP/2\" 404 <script>alert(1)</script>", "203.0.113.3 \"GET /about HTTP/2\" 200"]);

        var page = await host.NewSignedInPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Servers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Servers", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = serverName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = serverName })).ToBeVisibleAsync();

        // Status and disk, read over SSH.
        var status = page.GetByRole(AriaRole.Region, new() { Name = "Status", Exact = true });
        await Expect(status).ToContainTextAsync("nginx active");
        await Expect(status).ToContainTextAsync("varnish not installed");
        await Expect(status).ToContainTextAsync("GiB used of");
        var disk = page.GetByRole(AriaRole.Region, new() { Name = "Disk", Exact = true });
        await Expect(disk.Locator("td.mono", new() { HasTextString = "/" }).First).ToBeVisibleAsync();

        // Certificates: the one under 14 days is highlighted and counted; the healthy one is not.
        var warnRow = page.Locator($"tr[data-domain='{expiring}']");
        var okRow = page.Locator($"tr[data-domain='{healthy}']");
        await Expect(warnRow).ToHaveClassAsync("row-warn");
        await Expect(warnRow).ToContainTextAsync("warning");
        await Expect(okRow).Not.ToHaveClassAsync("row-warn");
        await Expect(page.GetByTestId("certificate-warnings")).ToContainTextAsync("1 need attention");

        // Logs: a plain-text filter; the line's markup is shown as text, not run.
        var logs = page.GetByRole(AriaRole.Form, new() { Name = "Log filter" });
        await logs.GetByLabel("Site").FillAsync(healthy);
        await logs.GetByLabel("Contains").FillAsync("WP-LOGIN");
        await logs.GetByRole(AriaRole.Button, new() { Name = "Show log" }).ClickAsync();
        var lines = page.GetByLabel("Log lines");
        await Expect(lines).ToHaveTextAsync("203.0.113.2 \"GET /wp-login.php HTTP/2\" 404 <script>alert(1)</script>");
        await Expect(page.GetByText("1 line containing “WP-LOGIN”")).ToBeVisibleAsync();
        await logs.GetByLabel("Lines").FillAsync("5000");
        await logs.GetByRole(AriaRole.Button, new() { Name = "Show log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "between 1 and 1000" })).ToBeVisibleAsync();

        // Reload nginx: cancelling runs nothing; confirming runs nginx -t then the reload, and the audit names the admin.
        var before = host.ServerTools.Calls.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Reload nginx…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Reload nginx?" });
        await Expect(dialog).ToContainTextAsync("recorded with your name");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(before, host.ServerTools.Calls.Count);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reload nginx…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reload nginx" }).ClickAsync();
        var audit = page.GetByRole(AriaRole.Region, new() { Name = "Actions", Exact = true });
        await Expect(audit.Locator("tbody tr").First).ToContainTextAsync("reload-nginx");
        await Expect(audit.Locator("tbody tr").First).ToContainTextAsync("succeeded");
        await Expect(audit.Locator("tbody tr").First).ToContainTextAsync(DashboardHost.AdminUser);
        Assert.Equal(["nginx -t", "systemctl reload nginx"], host.ServerTools.Calls.Skip(before));

        // Renew the expiring certificate from its row: after the confirmation it is a fresh 90-day one, no longer highlighted.
        await warnRow.GetByRole(AriaRole.Button, new() { Name = $"Renew certificate of {expiring}" }).ClickAsync();
        var renew = page.GetByRole(AriaRole.Dialog, new() { Name = "Renew certificate?" });
        await renew.GetByRole(AriaRole.Button, new() { Name = "Renew certificate" }).ClickAsync();
        await Expect(warnRow).Not.ToHaveClassAsync("row-warn");
        await Expect(page.GetByTestId("certificate-warnings")).ToContainTextAsync("All valid");
        await Expect(audit.Locator("tbody tr").First).ToContainTextAsync($"renew-certificate{expiring}");
        Assert.Contains($"lets-encrypt:install:certificate --domainName={expiring}", host.Clpctl.Calls);
        var rows = await host.Services.GetRequiredService<IServerActionLog>().ListForServerAsync(serverId, 4);
        Assert.Equal([(ServerAction.RenewCertificate, StepOutcome.Succeeded), (ServerAction.RenewCertificate, StepOutcome.Started)], rows.Take(2).Select(r => (r.Action, r.Outcome)));
        Assert.All(rows, r => Assert.Equal(DashboardHost.AdminUser, r.Actor));

        Directory.CreateDirectory(DashboardHost.ArtifactsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "server-console.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private async Task<(Guid Id, string Name)> CreateLoopbackServerAsync(string name)
    {
        using var response = await host.Api.PostAsJsonAsync("/api/servers", new Dictionary<string, object?>
        {
            ["name"] = name,
            ["address"] = host.Sshd.Host,
            ["ssh_port"] = host.Sshd.Port,
            ["ssh_user"] = host.Sshd.UserName,
            ["host_key_fingerprint"] = host.Sshd.HostKeyFingerprintSha256,
            ["ssh_private_key"] = host.Sshd.ClientPrivateKey,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating server {name} failed: {(int)response.StatusCode} {body}");
        return (Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>()), name);
    }

    /// <summary>A site on the loopback server with its CloudPanel site and a stand-in Let's Encrypt certificate.</summary>
    private async Task<string> HostedSiteAsync(Guid serverId, string domain, int certificateDays)
    {
        await host.CreateSiteAsync(domain, serverId: serverId.ToString());
        var name = DomainName.Parse(domain, CultureInfo.InvariantCulture);
        var user = SiteUser.FromDomain(name);
        var server = (await host.Services.GetRequiredService<IHostingServerRepository>().GetAsync(serverId))!;
        var secret = "console-pw-" + SitesTableTests.Tag();
        await host.Services.GetRequiredService<ISecretStore>().SetAsync(secret, SitePassword.Generate());
        var panel = host.Services.GetRequiredService<ICloudPanelClient>();
        await panel.EnsureStaticSiteAsync(server, name, user, secret);
        host.Clpctl.SetCertificateValidity(certificateDays);
        try
        {
            await panel.InstallCertificateAsync(server, name);
        }
        finally
        {
            host.Clpctl.SetCertificateValidity(90);
        }

        await host.RecordStepAsync(domain, new SiteStepUpdate
        {
            SiteId = Guid.Empty, Step = SiteStep.HostingSite, Outcome = StepOutcome.Succeeded, StatusHosting = HostingStatus.Active, SiteUser = user.Value, Actor = "test",
        });
        return domain;
    }
}
