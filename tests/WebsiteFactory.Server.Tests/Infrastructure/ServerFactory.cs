using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Server.Tests.Infrastructure;

/// <summary>
/// The real server (real PostgreSQL database of its own, real engine, local secret store in a temp directory) with the
/// test workflows registered, plus one API key per scope.
/// </summary>
public class ServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The admin password the factory configures.</summary>
    public const string AdminPassword = "Correct-Horse-Battery-9";

    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "wf-server-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<ApiScope, string> _keys = [];

    /// <summary>Gets the database connection string.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets what the server printed to its operator console.</summary>
    public CapturingConsole Console { get; } = new();

    /// <summary>Gets extra settings, applied on top of the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>JSON options matching the API.</summary>
    public static JsonSerializerOptions Json => ApiJson.Options;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresFixture.CreateDatabaseAsync("srv");
        using var scope = Services.CreateScope(); // starts the host (migrations, engine, admin bootstrap)
        var store = Services.GetRequiredService<ApiKeyStore>();
        foreach (var s in Enum.GetValues<ApiScope>())
        {
            _keys[s] = (await store.CreateAsync("test-" + s, s, null)).Key;
        }
    }

    /// <inheritdoc/>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>An HTTP client authenticated with an API key of the scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The client.</returns>
    public HttpClient Client(ApiScope scope)
    {
        var c = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _keys[scope]);
        return c;
    }

    /// <summary>An HTTP client without credentials.</summary>
    /// <returns>The client.</returns>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The API key of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The key.</returns>
    public string Key(ApiScope scope) => _keys[scope];

    /// <summary>Waits until an instance reaches a terminal status.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The metadata.</returns>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TestBounds.RealWork);
        return await Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Waits (polling) until an instance has a status, e.g. after a rewind that is applied asynchronously.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="status">The status to wait for.</param>
    /// <returns>The metadata.</returns>
    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status)
    {
        var client = Services.GetRequiredService<DurableTaskClient>();
        var deadline = DateTime.UtcNow + TestBounds.RealWork;
        while (true)
        {
            var m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (m?.RuntimeStatus == status)
            {
                return m;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Instance {instanceId} did not reach {status} (last: {m?.RuntimeStatus}).");
            await Task.Delay(50);
        }
    }

    /// <inheritdoc/>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:WebsiteFactory", ConnectionString);
        builder.UseSetting("Secrets:LocalDirectory", _secrets);
        builder.UseSetting("Authentication:Admin:InitialPassword", AdminPassword);
        builder.UseSetting("Server:DashboardPath", Path.Combine(_secrets, "no-dashboard"));
        builder.UseSetting("Engine:MaxPollInterval", "00:00:00.200");
        builder.UseSetting("Server:RegisterWorkflows", "false");
        foreach (var (k, v) in Settings)
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureTestServices(s =>
        {
            s.AddDurableTaskWorker(b => b.AddTasks(TestWorkflows.Register));
            s.AddSingleton<ServerConsole>(Console);
            s.AddSingleton<IStartupFilter, TestClientIp>();
        });
    }

    /// <summary>Captures operator console output.</summary>
    public sealed class CapturingConsole : ServerConsole
    {
        private readonly List<string> _lines = [];

        /// <summary>Gets the captured lines.</summary>
        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        /// <inheritdoc/>
        public override void WriteLine(string text)
        {
            lock (_lines)
            {
                _lines.Add(text);
            }
        }
    }
}

/// <summary>Helpers for reading responses.</summary>
public static class HttpAssert
{
    /// <summary>Reads a problem+json body and checks its status and content type.</summary>
    /// <param name="response">The response.</param>
    /// <param name="status">The expected status.</param>
    /// <returns>The body.</returns>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;

        // RFC 9457: every problem the server writes names its type, a title and the status.
        Assert.True(body.TryGetProperty("type", out var type) && !string.IsNullOrEmpty(type.GetString()), $"Problem without a type: {text}");
        Assert.True(body.TryGetProperty("title", out var title) && !string.IsNullOrEmpty(title.GetString()), $"Problem without a title: {text}");
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>Checks a validation problem names a field.</summary>
    /// <param name="response">The response.</param>
    /// <param name="fields">The fields expected in <c>errors</c>.</param>
    /// <returns>The body.</returns>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors");
        foreach (var f in fields)
        {
            Assert.True(errors.TryGetProperty(f, out _), $"Expected an error for '{f}' in {errors}");
        }

        return body;
    }

    /// <summary>Reads a JSON body with the API's conventions after checking the status.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="status">The expected status.</param>
    /// <returns>The value.</returns>
    public static async Task<T> JsonAsync<T>(HttpResponseMessage response, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, ServerFactory.Json)!;
    }

    /// <summary>Posts JSON with the API's conventions.</summary>
    /// <param name="client">The client.</param>
    /// <param name="url">The URL.</param>
    /// <param name="body">The body.</param>
    /// <returns>The response.</returns>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, ServerFactory.Json);

    /// <summary>Puts JSON with the API's conventions.</summary>
    /// <param name="client">The client.</param>
    /// <param name="url">The URL.</param>
    /// <param name="body">The body.</param>
    /// <returns>The response.</returns>
    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, ServerFactory.Json);
}
