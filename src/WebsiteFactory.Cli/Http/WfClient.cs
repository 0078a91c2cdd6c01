using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WebsiteFactory.Cli.Http;

/// <summary>The HTTP API as <c>wf</c> uses it: JSON in and out, problem+json turned into <see cref="ApiException"/>.</summary>
public sealed class WfClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly HttpClient _http;

    /// <summary>Initializes a new instance of the <see cref="WfClient"/> class.</summary>
    /// <param name="settings">Server URL and API key.</param>
    /// <param name="handler">An optional handler (tests).</param>
    public WfClient(CliSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = settings.Url;
        _http.Timeout = settings.RequestTimeout;
        if (settings.ApiKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    /// <summary>Gets the settings.</summary>
    public CliSettings Settings { get; }

    /// <summary>GETs JSON.</summary>
    /// <param name="path">The path and query.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The body.</returns>
    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>POSTs JSON.</summary>
    /// <param name="path">The path.</param>
    /// <param name="body">The body (serialized snake_case), or null.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The body.</returns>
    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    /// <summary>Whether an orchestration runtime status means the instance has not ended yet.</summary>
    /// <param name="runtimeStatus">The status as the management API spells it; null (not started) counts as active.</param>
    /// <returns>True while it may still change.</returns>
    public static bool IsActive(string? runtimeStatus) => runtimeStatus is null or "Pending" or "Running" or "ContinuedAsNew" or "Suspended";

    /// <summary>Polls an instance through the Durable Functions management API until it ends.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="pollInterval">Time between polls.</param>
    /// <param name="ct">Stops waiting.</param>
    /// <returns>The instance's last status (with <c>runtimeStatus</c> and <c>output</c>).</returns>
    public async Task<JsonElement> WaitForInstanceAsync(string instanceId, TimeSpan pollInterval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(pollInterval);
        while (true)
        {
            var instance = await GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}?showInput=false", ct).ConfigureAwait(false);
            if (!IsActive(instance.GetProperty("runtimeStatus").GetString()))
            {
                return instance;
            }

            await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="body">A body to serialize, or <see cref="HttpContent"/> to send as is.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The JSON body (an empty object when the response has none).</returns>
    /// <exception cref="ApiException">The server answered with an error.</exception>
    /// <exception cref="CliException">The server could not be reached.</exception>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Content = body switch
        {
            null => null,
            HttpContent c => c,
            _ => new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"),
        };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach the Website Factory server at {Settings.Url} ({e.Message}). Start it (dotnet run --project src/WebsiteFactory.Server) or set WF_URL.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? parsed = null;
            if (text.Length > 0)
            {
                try
                {
                    parsed = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    parsed = null;
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new CliException($"The server refused the credentials (401). Set WF_API_KEY or api_key in {CliSettings.ConfigFile}.");
                }

                throw new ApiException(response.StatusCode, parsed);
            }

            return parsed ?? JsonDocument.Parse("{}").RootElement.Clone();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
