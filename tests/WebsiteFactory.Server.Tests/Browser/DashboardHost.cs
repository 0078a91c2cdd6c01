using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// The real server on a loopback port (Kestrel, not TestServer: the browser needs a socket) over a fresh PostgreSQL
/// database, serving the built dashboard from <c>web/dist</c>, plus one headless Chromium shared by the browser tests.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "browser-tests-Pa55word!";

    private WebApplication? _app;
    private IPlaywright? _playwright;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The shared browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A real sshd on loopback that the server console talks to, with the clpctl, systemctl and nginx stand-ins.</summary>
    public LoopbackSshServer Sshd { get; private set; } = null!;

    /// <summary>The clpctl stand-in on <see cref="Sshd"/> (sites, certificates, homes with their nginx logs).</summary>
    public ClpctlStandIn Clpctl { get; private set; } = null!;

    /// <summary>The systemctl and nginx stand-ins on <see cref="Sshd"/>.</summary>
    public ServerToolsStandIn ServerTools { get; private set; } = null!;

    /// <summary>The server's services (state store, repositories) for seeding what the API cannot set.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>An API client signed in as the admin (cookie + the dashboard's CSRF header).</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The repository this checkout was compiled from.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Where screenshots go: <c>WF_BROWSER_ARTIFACTS</c>, else <c>artifacts/test-results/browser</c> in the repository (beside the
    /// TRX files of <c>./build.sh test</c>; ignored by git).
    /// </summary>
    public static string ArtifactsDirectory { get; } = Environment.GetEnvironmentVariable("WF_BROWSER_ARTIFACTS") is { Length: > 0 } d
        ? d
        : Path.Combine(RepositoryRoot, "artifacts", "test-results", "browser");

    /// <summary><see cref="TestBounds.RealWork"/> in milliseconds, for Playwright's timeouts.</summary>
    public static readonly float RealWorkMs = (float)TestBounds.RealWork.TotalMilliseconds;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(RealWorkMs);
        if (!File.Exists(ChromiumFactAttribute.ExecutablePath))
        {
            return; // every test in the collection is skipped
        }

        var dist = FindDashboardBuild();
        var connectionString = await PostgresFixture.CreateDatabaseAsync("browser");
        Sshd = await LoopbackSshServer.StartAsync();
        Clpctl = ClpctlStandIn.Install(Sshd);
        ServerTools = ServerToolsStandIn.Install(Sshd);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{WebsiteFactoryServer.ConnectionStringName}"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Server:DashboardPath"] = dist,
            ["Server:AuthPermitsPerMinute"] = "1000",
            ["Authentication:Admin:UserName"] = AdminUser,
            ["Authentication:Admin:InitialPassword"] = AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",

            // This host has no vendor accounts or content services, so pre-flight would refuse every batch (its gate is
            // tested in Providers.Tests/Preflight); the browser tests follow batches whose sites fail in the pipeline.
            ["Preflight:BeforeBatch"] = "false",

            // The server console's SSH commands run against the loopback sshd's stand-ins.
            ["Providers:CloudPanel:ClpctlCommand"] = Clpctl.CommandPath,
            ["Providers:CloudPanel:HomeDirectory"] = Clpctl.HomeDirectory,
            ["Providers:CloudPanel:CertificateDirectory"] = Clpctl.CertificateDirectory,
            ["Providers:ServerConsole:SystemctlCommand"] = ServerTools.SystemctlPath,
            ["Providers:ServerConsole:NginxCommand"] = ServerTools.NginxPath,
        });
        builder.AddWebsiteFactoryServer();
        builder.Services.AddDurableTaskWorker(b => b.AddTasks(BrowserTestWorkflow.Register));
        _app = builder.Build();
        _app.MapWebsiteFactoryServer();
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));

        Api = await SignedInClientAsync();

        Directory.CreateDirectory(ArtifactsDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Sshd is not null)
        {
            await Sshd.DisposeAsync();
        }
    }

    /// <summary>A new browser context (own cookies) with the admin signed in, and a page in it.</summary>
    public async Task<IPage> NewSignedInPageAsync(int width = 1400, int height = 900)
    {
        var context = await NewContextAsync(width, height);
        var login = await context.APIRequest.PostAsync(new Uri(BaseUrl, "/api/auth/login").ToString(), new APIRequestContextOptions
        {
            DataObject = new Dictionary<string, string> { ["user_name"] = AdminUser, ["password"] = AdminPassword },
        });
        Assert.True(login.Ok, $"Sign-in through the API failed: {login.Status} {await login.TextAsync()}");
        return await context.NewPageAsync();
    }

    /// <summary>A new browser context that is not signed in.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
        });
        // Bounds on real work (the page, the server, the workflows), which a loaded machine slows down: generous, since a
        // passing wait returns as soon as its condition holds. Expect(...) has its own default (5 s) unless set.
        context.SetDefaultTimeout(RealWorkMs);
        context.SetDefaultNavigationTimeout(RealWorkMs);
        return context;
    }

    /// <summary>Creates a site through the API and returns its JSON.</summary>
    public async Task<JsonObject> CreateSiteAsync(string domain, string? brand = null, string? niche = null, string? serverId = null)
    {
        using var response = await Api.PostAsJsonAsync("/api/sites", new Dictionary<string, object?> { ["domain"] = domain, ["brand"] = brand, ["niche"] = niche, ["language"] = "en", ["server_id"] = serverId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {domain} failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Creates a CloudPanel server record through the API (a throw-away key) and returns its id.</summary>
    public async Task<string> CreateServerAsync(string name)
    {
        using var response = await Api.PostAsJsonAsync("/api/servers", new Dictionary<string, object?>
        {
            ["name"] = name,
            ["address"] = "127.0.0.1",
            ["ssh_user"] = "wf",
            ["host_key_fingerprint"] = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
            ["ssh_private_key"] = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n",
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating server {name} failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    /// <summary>Records a pipeline step for a site the way the workflows do (status columns, external ids, event).</summary>
    public async Task RecordStepAsync(string domain, SiteStepUpdate update)
    {
        var store = Services.GetRequiredService<ISiteStateStore>();
        var site = await store.GetByDomainAsync(DomainName.Parse(domain, CultureInfo.InvariantCulture)) ?? throw new InvalidOperationException($"No site {domain}.");
        await store.RecordStepAsync(update with { SiteId = site.Id });
    }

    private async Task<HttpClient> SignedInClientAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-WF-Request", "1");
        using var login = await client.PostAsJsonAsync("/api/auth/login", new Dictionary<string, string> { ["user_name"] = AdminUser, ["password"] = AdminPassword });
        Assert.True(login.IsSuccessStatusCode, $"Admin sign-in failed: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>The built dashboard; the browser tests test what <c>./build.sh setup</c> produced.</summary>
    private static string FindDashboardBuild()
    {
        var dist = Path.Combine(RepositoryRoot, "web", "dist");
        return File.Exists(Path.Combine(dist, "index.html"))
            ? dist
            : throw new InvalidOperationException($"The dashboard is not built ({dist}/index.html is missing): run ./build.sh setup, or `npm ci && npm run build` in web/.");
    }

    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        // The source path is where this file was compiled from, i.e. inside the checkout under test.
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "web", "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the repository's web/ folder above {sourceFile}.");
    }

    /// <summary>Parses a JSON response body.</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Not JSON ({(int)response.StatusCode}): {text}", e);
        }
    }
}
