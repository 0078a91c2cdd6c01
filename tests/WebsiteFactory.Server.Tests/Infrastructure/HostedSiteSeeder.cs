using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Server.Tests.Infrastructure;

/// <summary>Makes an existing site hosted the way a finished hosting step leaves it: a server of its own, assigned through the API, and a doc root.</summary>
internal static class HostedSiteSeeder
{
    /// <summary>Registers server <c>cp-{<paramref name="serverSuffix"/>}</c>, assigns it to <paramref name="domain"/> and records the hosting step.</summary>
    public static async Task<Site> HostAsync(ServerFactory factory, string domain, string serverSuffix)
    {
        var server = await HttpAssert.JsonAsync<JsonElement>(
            await factory.Client(ApiScope.Admin).PostJsonAsync("/api/servers", new
            {
                name = "cp-" + serverSuffix,
                address = "127.0.0.1",
                ssh_user = "wf",
                host_key_fingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
                ssh_private_key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n",
            }),
            HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client(ApiScope.Operate).PutJsonAsync($"/api/sites/{domain}", new { domain, server_id = server.GetProperty("id").GetString() })).StatusCode);
        var site = (await factory.Services.GetRequiredService<ISiteRepository>().GetByDomainAsync(DomainName.Parse(domain, CultureInfo.InvariantCulture)))!;
        await factory.Services.GetRequiredService<ISiteStateStore>().RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.HostingSite,
            Outcome = StepOutcome.Succeeded,
            Message = "test",
            Actor = "test",
            HostingDocRoot = $"/home/clp/htdocs/{domain}",
        });
        return site;
    }
}
