extern alias server;

using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Functions.Http;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Functions.Tests;

/// <summary>
/// Both hosts of the <c>/api</c> surface on one database of their own: the local server (in memory, real engine) and the
/// Functions worker's container built by <see cref="FunctionsApplicationComposition.ConfigureWebsiteFactory"/> without
/// the Functions host, whose generated HTTP functions are invoked on a <see cref="DefaultHttpContext"/>.
/// </summary>
public sealed class ApiHosts : WebApplicationFactory<server::Program>, IAsyncLifetime
{
    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "wf-functions-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<ApiScope, string> _keys = [];
    private readonly List<IHost> _workers = [];

    /// <summary>Gets the database connection string.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets the Functions worker's container (App Service authentication off, the default).</summary>
    public IHost Worker { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresFixture.CreateDatabaseAsync("fn");
        using (Services.CreateScope())
        {
            // Starting the server migrates the database.
        }

        var store = Services.GetRequiredService<ApiKeyStore>();
        foreach (var s in Enum.GetValues<ApiScope>())
        {
            _keys[s] = (await store.CreateAsync("test-" + s, s, null)).Key;
        }

        Worker = BuildWorker();
    }

    /// <inheritdoc/>
    public new async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        await base.DisposeAsync();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The API key of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The key.</returns>
    public string Key(ApiScope scope) => _keys[scope];

    /// <summary>A server client with the key of a scope, or none.</summary>
    /// <param name="scope">The scope, or null for no credentials.</param>
    /// <returns>The client.</returns>
    public HttpClient ServerClient(ApiScope? scope)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (scope is { } s)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _keys[s]);
        }

        return client;
    }

    /// <summary>Builds another worker container on the same database, with extra settings.</summary>
    /// <param name="settings">Settings applied on top of the defaults.</param>
    /// <returns>The host (built, not started; disposed with the fixture).</returns>
    public IHost BuildWorker(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:WebsiteFactory"] = ConnectionString,
            ["Secrets:LocalDirectory"] = _secrets,
            ["WF_TASK_HUB"] = "WebsiteFactory",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.ConfigureWebsiteFactory();
        var host = builder.Build();
        _workers.Add(host);
        return host;
    }

    /// <summary>
    /// Invokes a generated HTTP function the way the ASP.NET Core integration does: calls its method with the request
    /// and a Durable client (the server's), then executes the returned <see cref="IResult"/> on the same context.
    /// </summary>
    /// <param name="worker">The worker container.</param>
    /// <param name="entryPoint">The function's method (<see cref="ApiFunctions"/>), from <c>functions.metadata</c>.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="headers">Request headers.</param>
    /// <param name="body">A JSON body, or null.</param>
    /// <returns>The status, content type, body and <c>Retry-After</c>.</returns>
    public async Task<FunctionResponse> InvokeAsync(IHost worker, MethodInfo entryPoint, string method, string path, IReadOnlyDictionary<string, string>? headers = null, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(entryPoint);
        await using var scope = worker.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var query = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("wf-test.azurewebsites.net");
        context.Request.Path = query < 0 ? path : path[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        using var output = new MemoryStream();
        context.Response.Body = output;
        var result = (IResult)entryPoint.Invoke(null, [context.Request, Services.GetRequiredService<DurableTaskClient>()])!;
        await result.ExecuteAsync(context);
        return new FunctionResponse(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(output.ToArray()), context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } after ? after : null);
    }

    /// <summary>The Authorization header of a scope's key.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The header.</returns>
    public IReadOnlyDictionary<string, string> Bearer(ApiScope scope) => new Dictionary<string, string> { ["Authorization"] = "Bearer " + _keys[scope] };

    /// <inheritdoc/>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:WebsiteFactory", ConnectionString);
        builder.UseSetting("Secrets:LocalDirectory", _secrets);
        builder.UseSetting("Authentication:Admin:InitialPassword", "Correct-Horse-Battery-9");
        builder.UseSetting("Server:DashboardPath", Path.Combine(_secrets, "no-dashboard"));
        builder.UseSetting("Server:RegisterWorkflows", "false");
    }
}

/// <summary>What a function answered.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Body">The body text.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, or null.</param>
public sealed record FunctionResponse(int Status, string? ContentType, string Body, string? RetryAfter = null)
{
    /// <summary>Parses the body as JSON.</summary>
    /// <returns>The root element.</returns>
    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
