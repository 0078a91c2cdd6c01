using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace WebsiteFactory.Simulators.Tests;

/// <summary>Starts a simulator host per test class with a fake clock.</summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected SimulatorHost Host { get; private set; } = null!;

    protected HttpClient Http { get; } = new();

    protected virtual void Configure(SimulatorOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var options = new SimulatorOptions();
        Configure(options);
        Host = await SimulatorHost.StartAsync(options, clock: Clock);
        Host.SeedDemo();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    protected HttpRequestMessage Cf(HttpMethod method, string path, object? body = null, string token = "sim-cf-token-1")
    {
        var req = new HttpRequestMessage(method, new Uri(Host.CloudflareBaseUrl, path));
        req.Headers.Authorization = new("Bearer", token);
        if (body is not null)
        {
            req.Content = JsonContent.Create(body);
        }

        return req;
    }

    protected async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage req)
    {
        var res = await Http.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)res.StatusCode, body, res);
    }

    protected async Task<string> NamecheapAsync(string command, params (string Key, string Value)[] extra)
    {
        var q = new List<KeyValuePair<string, string>>
        {
            new("ApiUser", "simuser"), new("ApiKey", "sim-namecheap-key"), new("UserName", "simuser"),
            new("ClientIp", "127.0.0.1"), new("Command", command),
        };
        q.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)));
        using var content = new FormUrlEncodedContent(q);
        var res = await Http.PostAsync(Host.NamecheapUrl, content);
        return $"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}";
    }
}
