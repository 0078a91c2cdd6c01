using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Simulators.Content;

// wf-chaos simulators: the vendor simulators with the demo's fast timings, a loopback sshd with the clpctl stand-in, and an
// inspection endpoint (/state, /faults). Prints one line "READY {json}" with everything the server and the test need, then
// runs until its standard input closes (the test process ended or was killed), so it never outlives the test.
var dataDirectory = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("usage: <data-dir>"));
Directory.CreateDirectory(dataDirectory);

var options = new SimulatorOptions { DnsPropagationDelay = TimeSpan.FromSeconds(1.5) };
options.Latency.Minimum = TimeSpan.FromMilliseconds(5);
options.Latency.Maximum = TimeSpan.FromMilliseconds(40);
options.Cloudflare.PassiveActivationDelay = TimeSpan.FromSeconds(3);
options.Cloudflare.CheckedActivationDelay = TimeSpan.FromSeconds(1);
options.Cloudflare.ActivationCheckInterval = TimeSpan.FromSeconds(1);
options.Google.VerificationDelay = TimeSpan.FromSeconds(1);
options.Failures.TimeoutHang = TimeSpan.FromSeconds(20);

await using var sim = await SimulatorHost.StartAsync(options);
sim.SeedDemo(cloudflareAccounts: 3);
await using var ssh = await LoopbackSshServer.StartAsync(new LoopbackSshServerOptions
{
    RootDirectory = Path.Combine(dataDirectory, "server"),
    UserName = LoopbackSshServer.IsRoot ? "wfchaos" : null,
});
var clpctl = ClpctlStandIn.Install(ssh, Path.Combine(dataDirectory, "cloudpanel"));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
var admin = builder.Build();
admin.MapPost("/state", async (HttpContext http) =>
{
    var sites = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(http.Request.Body) ?? [];
    return Results.Json(ChaosState.Of(sim, clpctl, sites));
});
admin.MapGet("/calls", () => Results.Json(clpctl.Calls));
admin.MapPost("/faults", async (HttpContext http) =>
{
    var f = await JsonSerializer.DeserializeAsync<Dictionary<string, double>>(http.Request.Body) ?? [];
    options.Failures.ServerErrorRate = f.GetValueOrDefault("server_error_rate");
    options.Failures.TimeoutRate = f.GetValueOrDefault("timeout_rate");
    options.Failures.OnlyMethod = null;
    return Results.NoContent();
});
await admin.StartAsync();
var adminUrl = admin.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var ready = new JsonObject
{
    ["admin"] = adminUrl,
    ["settings"] = new JsonObject([.. sim.ClientSettings.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
    ["clpctl_command"] = clpctl.CommandPath,
    ["clpctl_home"] = clpctl.HomeDirectory,
    ["clpctl_certificates"] = clpctl.CertificateDirectory,
    ["ssh_host"] = ssh.Host,
    ["ssh_port"] = ssh.Port,
    ["ssh_user"] = ssh.UserName,
    ["ssh_fingerprint"] = ssh.HostKeyFingerprintSha256,
    ["ssh_key_path"] = ssh.ClientKeyPath,
    ["matomo_token"] = options.Matomo.TokenAuth,
};
Console.WriteLine("READY " + ready.ToJsonString());
Console.Out.Flush();

// Until the parent closes our stdin (normally, or because it died).
await Console.In.ReadToEndAsync();
await admin.StopAsync();

/// <summary>What the vendors hold per site, for the chaos suite's duplicate checks.</summary>
internal static class ChaosState
{
    /// <summary>Counts per domain; <paramref name="sites"/> maps domain to site id (the Directus tenant key).</summary>
    public static JsonObject Of(SimulatorHost sim, ClpctlStandIn clpctl, IReadOnlyDictionary<string, string> sites)
    {
        var calls = clpctl.Calls;
        var cpSites = clpctl.Sites.Select(l => l.Split(' ')[0]).ToList();
        var certs = clpctl.Certificates;
        var pages = sim.Content.Directus.SnapshotItems("wf_pages");
        var result = new JsonObject();
        foreach (var (domain, siteId) in sites)
        {
            var records = sim.State.Cloudflare.ListRecords(domain);
            var duplicateRecords = records.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => $"{g.Key.Type} {g.Key.Name} x{g.Count()}").ToList();
            var sitePages = pages.Where(p => string.Equals(p["site_id"]?.ToString(), siteId, StringComparison.OrdinalIgnoreCase)).ToList();
            var slugs = sitePages.Select(p => p["slug"]?.ToString() ?? string.Empty).ToList();
            result[domain] = new JsonObject
            {
                ["zones"] = sim.State.Cloudflare.CountZones(domain),
                ["records"] = records.Count,
                ["record_types"] = string.Join(',', records.Select(r => r.Type).Order(StringComparer.Ordinal)),
                ["duplicate_records"] = string.Join("; ", duplicateRecords),
                ["ns_changes"] = sim.State.Delegations.CountChanges(domain),
                ["cloudpanel_sites"] = cpSites.Count(d => d == domain),
                ["cloudpanel_add_calls"] = calls.Count(c => c.StartsWith("site:add:static", StringComparison.Ordinal) && c.Contains($"--domainName={domain}", StringComparison.Ordinal)),
                ["certificates"] = certs.Count(c => c == domain),
                ["certificate_calls"] = calls.Count(c => c.StartsWith("lets-encrypt:install:certificate", StringComparison.Ordinal) && c.Contains($"--domainName={domain}", StringComparison.Ordinal)),
                ["matomo_sites"] = sim.State.Matomo.CountSites("https://" + domain),
                ["pages"] = sitePages.Count,
                ["duplicate_pages"] = slugs.Count - slugs.Distinct(StringComparer.Ordinal).Count(),
                ["gsc_property"] = sim.Content.SearchConsole.HasProperty(ContentSimulators.GoogleUser, "sc-domain:" + domain),
            };
        }

        result["_totals"] = new JsonObject
        {
            ["zones"] = sim.State.Cloudflare.CountZones(),
            ["cloudpanel_sites"] = cpSites.Count,
            ["certificates"] = certs.Count,
            ["matomo_sites"] = sim.State.Matomo.CountSites(),
            ["pages"] = pages.Count,
            ["cloudflare_requests"] = sim.State.Cloudflare.ReceivedCount,
            ["chat_requests"] = sim.Content.Chat.RequestCount,
            ["clpctl_calls"] = calls.Count,
        };
        _ = CultureInfo.InvariantCulture;
        return result;
    }
}
